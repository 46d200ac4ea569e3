import type { EvalQuestion } from "./questions.ts";

export interface RetrievalScore {
  /** The first citation is one of `top` (null when the question has no `top`). */
  hit1: number | null;
  /** Share of requirements (`top` as one group, each `need` group) met within the first five. */
  recall5: number;
  /** Reciprocal rank of the first citation that meets a requirement. */
  rr: number;
}

/** Scores a ranked list of citation ids against a question's expectations. */
export function scoreRetrieval(ids: string[], expect: EvalQuestion["expect"]): RetrievalScore | null {
  const groups = [...(expect.top ? [expect.top] : []), ...(expect.need ?? [])];
  if (groups.length === 0) return null;
  const top5 = ids.slice(0, 5);
  const met = groups.filter((g) => g.some((id) => top5.includes(id))).length;
  const first = ids.findIndex((id) => groups.some((g) => g.includes(id)));
  return {
    hit1: expect.top ? Number(ids[0] !== undefined && expect.top.includes(ids[0])) : null,
    recall5: met / groups.length,
    rr: first < 0 ? 0 : 1 / (first + 1),
  };
}

export function mean(values: number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface RetrievalSummary {
  n: number;
  hit1: number | null;
  recall5: number | null;
  mrr: number | null;
}

export function summarize(scores: RetrievalScore[]): RetrievalSummary {
  return {
    n: scores.length,
    hit1: mean(scores.flatMap((s) => (s.hit1 === null ? [] : [s.hit1]))),
    recall5: mean(scores.map((s) => s.recall5)),
    mrr: mean(scores.map((s) => s.rr)),
  };
}

/** Groups per-question rows by tag (every row also counts under "all"). */
export function byTag<T>(rows: { tags: string[]; value: T }[]): Map<string, T[]> {
  const groups = new Map<string, T[]>([["all", []]]);
  for (const row of rows) {
    for (const tag of ["all", ...row.tags]) {
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag)!.push(row.value);
    }
  }
  return groups;
}
