import type { Answer } from "../src/answer/schema.ts";
import { toSimplified } from "../src/understand/script.ts";
import { mean } from "./metrics.ts";
import type { EvalQuestion } from "./questions.ts";

export interface AnswerScore {
  top: number | null;
  citationRecall: number | null;
  units: number | null;
  contains: number | null;
  refused: boolean;
  shouldRefuse: boolean;
}

/** Scores one answer against a question's expectations (null where the question does not test it). */
export function scoreAnswer(a: Answer, expect: EvalQuestion["expect"]): AnswerScore {
  const ids = a.citations.map((c) => c.id);
  const text = `${a.answer}\n${toSimplified(a.answer)}`;
  const need = expect.need ?? [];
  return {
    top: expect.top ? Number(ids[0] !== undefined && expect.top.includes(ids[0])) : null,
    citationRecall: need.length ? need.filter((g) => g.some((id) => ids.includes(id))).length / need.length : null,
    units: expect.units ? Number(expect.units.every((u) => text.includes(u))) : null,
    contains: expect.contains ? Number(expect.contains.every((s) => text.includes(s))) : null,
    refused: a.status === "not_found",
    shouldRefuse: Boolean(expect.refuse),
  };
}

export interface AnswerSummary {
  n: number;
  top: number | null;
  citationRecall: number | null;
  units: number | null;
  contains: number | null;
  refusalPrecision: number | null;
  refusalRecall: number | null;
}

export function summarizeAnswers(scores: AnswerScore[]): AnswerSummary {
  const pick = (f: (s: AnswerScore) => number | null) => mean(scores.map(f).filter((x): x is number => x !== null));
  const refused = scores.filter((s) => s.refused);
  const shouldRefuse = scores.filter((s) => s.shouldRefuse);
  return {
    n: scores.length,
    top: pick((s) => (s.shouldRefuse ? null : s.top)),
    citationRecall: pick((s) => s.citationRecall),
    units: pick((s) => s.units),
    contains: pick((s) => s.contains),
    refusalPrecision: refused.length ? refused.filter((s) => s.shouldRefuse).length / refused.length : null,
    refusalRecall: shouldRefuse.length ? shouldRefuse.filter((s) => s.refused).length / shouldRefuse.length : null,
  };
}
