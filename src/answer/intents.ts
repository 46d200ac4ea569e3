import type { ClauseHit } from "../retrieve/hybrid.ts";
import type { RetrievalStrategy } from "../retrieve/pipeline.ts";
import type { Understanding } from "../understand/understand.ts";
import type { ComposerName } from "./compose.ts";

/**
 * What each kind of question gets, as data: how it is retrieved, which hits are cited, which layout
 * composes the answer, and whether the evidence-based refusal applies. Classification is in
 * src/understand/intent.ts; the first entry whose `matches` holds is the question's policy.
 */
export interface IntentPolicy {
  name: "unit-list" | "compare" | "who" | "deadline" | "target" | "general";
  matches(u: Understanding): boolean;
  retrieval: RetrievalStrategy;
  pick(u: Understanding, hits: ClauseHit[]): ClauseHit[];
  compose: ComposerName;
  /** Refused when no clause says enough of the question, or does not state an asked-for fee, rate…. */
  refusal: boolean;
  /** Whether an asked-for fact (a year, a fee…) must be stated in the clause text; a deadline is a field of its own. */
  factCheck?: boolean;
  /** A fixed confidence for answers that are exhaustive by construction (every measure of a unit). */
  confidence?: number;
}

const firstThree = (_u: Understanding, hits: ClauseHit[]) => hits.slice(0, 3);

/** Two clauses per plan, in ranking order. */
function perPlan(_u: Understanding, hits: ClauseHit[]): ClauseHit[] {
  const perDistrict = new Map<string, ClauseHit[]>();
  for (const h of hits) {
    const list = perDistrict.get(h.clause.planId) ?? [];
    if (list.length < 2) list.push(h);
    perDistrict.set(h.clause.planId, list);
  }
  return [...perDistrict.values()].flat().sort((a, b) => hits.indexOf(a) - hits.indexOf(b));
}

export const INTENTS: IntentPolicy[] = [
  {
    name: "unit-list",
    matches: (u) => u.intent === "unit" && u.units.length > 0,
    retrieval: "unit",
    pick: (_u, hits) => hits.slice(0, 12),
    compose: "unit",
    refusal: false,
    confidence: 0.95,
  },
  {
    name: "compare",
    matches: (u) => u.intent === "compare" || u.districts.length >= 2,
    retrieval: "perDistrict",
    pick: perPlan,
    compose: "compare",
    refusal: true,
  },
  { name: "who", matches: (u) => u.intent === "who", retrieval: "ranked", pick: firstThree, compose: "who", refusal: true },
  {
    name: "deadline",
    matches: (u) => u.intent === "deadline",
    retrieval: "ranked",
    pick: firstThree,
    compose: "deadline",
    refusal: true,
    factCheck: false,
  },
  { name: "target", matches: (u) => u.intent === "target", retrieval: "ranked", pick: firstThree, compose: "target", refusal: true },
  { name: "general", matches: () => true, retrieval: "ranked", pick: firstThree, compose: "general", refusal: true },
];

export function intentOf(u: Understanding): IntentPolicy {
  return INTENTS.find((i) => i.matches(u))!;
}
