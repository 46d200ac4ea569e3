import { countMeasures } from "../plan/clauses.ts";
import type { Plan } from "../plan/schema.ts";
import type { EvidencedHit } from "../retrieve/retriever.ts";
import type { Understanding } from "../understand/understand.ts";
import type { Corpus } from "./cite.ts";
import { composeAnswer, notFoundAnswer, script } from "./compose.ts";
import { levelOf } from "./confidence.ts";
import type { IntentPolicy } from "./intents.ts";
import { MESSAGES } from "./messages.ts";
import type { Answer } from "./schema.ts";

/** How many plans with the asked-for number are answered; the others are named. */
const SHOWN_PLANS = 3;
/** The number decides which clause is meant; with several plans, which plan is a guess. */
const ONE_PLAN = 0.95;
const SEVERAL_PLANS = 0.6;

export interface NumberedInput {
  corpus: Corpus;
  u: Understanding & { measure: number };
  intent: IntentPolicy;
  /** The clauses with that number in the plans in scope (retrieval strategy "numbered"). */
  hits: EvidencedHit[];
  /** The plans in scope: those of the districts the question, page or conversation names, or every plan. */
  plans: Plan[];
}

/**
 * A measure asked for by its number (第5条是什么, When is measure 5 due?): answered from that clause of each
 * plan in scope with the intent's layout for a numbered clause; several plans are each answered briefly
 * (up to SHOWN_PLANS, the rest named); a number no plan has is said plainly, never answered from a neighbour.
 */
export function numberedAnswer({ corpus, u, intent, hits, plans }: NumberedInput): Answer {
  const m = MESSAGES[u.lang];
  const name = (p: Plan) => m.cite.planName(p.meta);
  if (!hits.length) {
    const lines =
      plans.length <= SHOWN_PLANS
        ? plans.map((p) => m.numbered.none(name(p), u.measure, countMeasures([p])))
        : [m.numbered.noneInAny(u.measure)];
    const refusal = notFoundAnswer(corpus, u, { reason: "no_match", confidence: ONE_PLAN });
    return { ...refusal, answer: script(u, `${lines.join("\n")}\n${refusal.answer}`) };
  }
  const byPlan = new Map<string, EvidencedHit[]>();
  for (const h of hits) byPlan.set(h.clause.planId, [...(byPlan.get(h.clause.planId) ?? []), h]);
  const groups = [...byPlan.values()];
  const layout: IntentPolicy = { ...intent, compose: intent.numbered, spreads: false, pick: (_u, hs) => hs.slice(0, 3) };
  const composed = groups.slice(0, SHOWN_PLANS).map((g) => composeAnswer(corpus, u, g, layout));
  const rest = groups.slice(SHOWN_PLANS).map((g) => name(plans.find((p) => p.meta.id === g[0]!.clause.planId)!));
  const parts = [
    ...(groups.length > 1 ? [script(u, m.numbered.several(u.measure, groups.length))] : []),
    ...composed.map((a) => a.answer),
    ...(rest.length ? [script(u, m.numbered.more(u.measure, rest.join(m.list)))] : []),
  ];
  const confidence = groups.length > 1 ? SEVERAL_PLANS : ONE_PLAN;
  return {
    answer: parts.join("\n\n"),
    status: "answered",
    lang: u.lang,
    mode: "extractive",
    citations: composed.flatMap((a) => a.citations),
    confidence,
    confidenceLevel: levelOf(confidence),
    alternatives: [],
  };
}
