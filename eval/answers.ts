import type { Answer } from "../src/answer/schema.ts";
import { toSimplified } from "../src/understand/script.ts";
import { mean } from "./metrics.ts";
import type { EvalQuestion } from "./questions.ts";

export interface AnswerScore {
  top: number | null;
  citationRecall: number | null;
  units: number | null;
  contains: number | null;
  /** Smalltalk expected: status smalltalk or handoff, and no citation. */
  smalltalk: number | null;
  refused: boolean;
  shouldRefuse: boolean;
  /** A policy question (neither refusal nor small talk expected). */
  answerable: boolean;
}

/** Refused: the plans were said not to cover the question. */
const refusedStatus = (a: Answer) => a.status === "not_found";

/** Scores one answer against a question's expectations (null where the question does not test it). */
export function scoreAnswer(a: Answer, expect: EvalQuestion["expect"]): AnswerScore {
  const ids = a.citations.map((c) => c.id);
  const text = `${a.answer}\n${toSimplified(a.answer)}`;
  const need = expect.need ?? [];
  const smalltalk = Boolean(expect.smalltalk);
  return {
    top: expect.top ? Number(ids[0] !== undefined && expect.top.includes(ids[0])) : null,
    citationRecall: need.length ? need.filter((g) => g.some((id) => ids.includes(id))).length / need.length : null,
    units: expect.units ? Number(expect.units.every((u) => text.includes(u))) : null,
    contains: expect.contains ? Number(expect.contains.every((s) => text.includes(s))) : null,
    smalltalk: smalltalk ? Number((a.status === "smalltalk" || a.status === "handoff") && a.citations.length === 0) : null,
    refused: refusedStatus(a),
    shouldRefuse: Boolean(expect.refuse),
    answerable: !expect.refuse && !smalltalk,
  };
}

export interface AnswerSummary {
  n: number;
  top: number | null;
  citationRecall: number | null;
  units: number | null;
  contains: number | null;
  smalltalk: number | null;
  /** Share of policy questions refused (lower is better). */
  answerableRefused: number | null;
  refusalPrecision: number | null;
  /** Share of out-of-scope questions refused. */
  refusalRecall: number | null;
}

export function summarizeAnswers(scores: AnswerScore[]): AnswerSummary {
  const pick = (f: (s: AnswerScore) => number | null) => mean(scores.map(f).filter((x): x is number => x !== null));
  const refused = scores.filter((s) => s.refused);
  const shouldRefuse = scores.filter((s) => s.shouldRefuse);
  const answerable = scores.filter((s) => s.answerable);
  return {
    n: scores.length,
    top: pick((s) => (s.shouldRefuse ? null : s.top)),
    citationRecall: pick((s) => s.citationRecall),
    units: pick((s) => s.units),
    contains: pick((s) => s.contains),
    smalltalk: pick((s) => s.smalltalk),
    answerableRefused: answerable.length ? answerable.filter((s) => s.refused).length / answerable.length : null,
    refusalPrecision: refused.length ? refused.filter((s) => s.shouldRefuse).length / refused.length : null,
    refusalRecall: shouldRefuse.length ? shouldRefuse.filter((s) => s.refused).length / shouldRefuse.length : null,
  };
}
