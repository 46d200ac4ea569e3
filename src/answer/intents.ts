import type { ClauseHit } from "../retrieve/hybrid.ts";
import type { RetrievalStrategy } from "../retrieve/pipeline.ts";
import type { Intent } from "../understand/intent.ts";
import type { Understanding } from "../understand/understand.ts";
import type { ComposerName } from "./compose.ts";

/**
 * What each kind of question gets, as data: how it is retrieved, which hits are cited, which layout
 * composes the answer, and whether the evidence-based refusal applies. How each is recognised is the
 * same intent's entry in src/understand/intent.ts (INTENT_RECOGNIZERS); the record below is keyed by the
 * same names, so an intent cannot be recognised without a way to answer it, nor the reverse.
 */
export interface IntentPolicy {
  name: Intent;
  retrieval: RetrievalStrategy;
  pick<H extends ClauseHit>(u: Understanding, hits: H[]): H[];
  compose: ComposerName;
  /** The layout for a clause asked for by its number (第20条的责任单位 → who; 第5条是什么 → general). */
  numbered: ComposerName;
  /** Clauses from several districts for a question that named none are laid out side by side (not for a unit's list). */
  spreads: boolean;
  /** Refused when no clause says enough of the question, or does not state an asked-for fee, rate…. */
  refusal: boolean;
  /** Whether an asked-for fact (a year, a fee…) must be stated by the clause (its text, or for a year its deadline). */
  factCheck: boolean;
  /** A fixed confidence for answers that are exhaustive by construction (every measure of a unit). */
  confidence?: number;
}

/** The most measures one unit's list names (the busiest unit of the seeds holds 24). */
const UNIT_LIST_MAX = 40;

const firstThree = <H extends ClauseHit>(_u: Understanding, hits: H[]) => hits.slice(0, 3);

/** Two clauses per plan, in ranking order. */
function perPlan<H extends ClauseHit>(_u: Understanding, hits: H[]): H[] {
  const perDistrict = new Map<string, H[]>();
  for (const h of hits) {
    const list = perDistrict.get(h.clause.planId) ?? [];
    if (list.length < 2) list.push(h);
    perDistrict.set(h.clause.planId, list);
  }
  return [...perDistrict.values()].flat().sort((a, b) => hits.indexOf(a) - hits.indexOf(b));
}

const ranked = { retrieval: "ranked", pick: firstThree, spreads: true, refusal: true, factCheck: true } as const;

export const INTENTS: { readonly [K in Intent]: IntentPolicy & { name: K } } = {
  unit: {
    name: "unit",
    retrieval: "unit",
    // Every measure of the unit (an answer of about 80 characters a measure stays within the length cap).
    pick: <H extends ClauseHit>(_u: Understanding, hits: H[]) => hits.slice(0, UNIT_LIST_MAX),
    compose: "unit",
    numbered: "who",
    spreads: false,
    refusal: false,
    factCheck: false,
    confidence: 0.95,
  },
  compare: { ...ranked, name: "compare", retrieval: "perDistrict", pick: perPlan, compose: "compare", numbered: "general" },
  who: { ...ranked, name: "who", compose: "who", numbered: "who" },
  // A year asked for (哪年能建成) must be the clause's deadline or in its text; a clause with neither is no answer.
  deadline: { ...ranked, name: "deadline", compose: "deadline", numbered: "deadline" },
  target: { ...ranked, name: "target", compose: "target", numbered: "target" },
  general: { ...ranked, name: "general", compose: "general", numbered: "general" },
};

/** The question's policy: understanding settles the intent (src/understand/intent.ts settleIntent). */
export function intentOf(u: Pick<Understanding, "intent">): IntentPolicy {
  return INTENTS[u.intent];
}
