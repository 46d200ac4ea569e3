import type { AnswerSummary } from "./answers.ts";

/** Figures per set, then per tag: what `eval/baseline.json` holds and `--check` compares. */
export type Figures = Record<string, Record<string, AnswerSummary>>;

/** The metrics `--check` guards, and whether higher is better. */
export const CHECKED: { key: keyof AnswerSummary; higherIsBetter: boolean }[] = [
  { key: "top", higherIsBetter: true },
  { key: "citationRecall", higherIsBetter: true },
  { key: "units", higherIsBetter: true },
  { key: "contains", higherIsBetter: true },
  { key: "smalltalk", higherIsBetter: true },
  { key: "answerableRefused", higherIsBetter: false },
  { key: "refusalPrecision", higherIsBetter: true },
  { key: "refusalRecall", higherIsBetter: true },
];

/** The tags whose figures are reported side by side and guarded; the others are listed but not guarded. */
export const KEY_TAGS = [
  "all",
  "zh",
  "en",
  "traditional",
  "colloquial",
  "document",
  "unit-list",
  "multipart",
  "who",
  "target",
  "compare",
  "followup",
  "refuse",
  "smalltalk",
];

/** A drop of more than this (one point) fails the check. */
export const TOLERANCE = 0.01;

/**
 * Every guarded figure that fell by more than a point against the baseline. A set, tag or metric the
 * baseline lacks is new and not compared; one the baseline has but the run lacks is reported.
 */
export function regressions(baseline: Figures, current: Figures, tolerance = TOLERANCE): string[] {
  const out: string[] = [];
  for (const [set, tags] of Object.entries(baseline)) {
    const now = current[set];
    if (!now) {
      out.push(`${set}: set missing from this run`);
      continue;
    }
    for (const tag of KEY_TAGS) {
      const before = tags[tag];
      if (!before) continue;
      const after = now[tag];
      if (!after) {
        out.push(`${set}/${tag}: tag missing from this run`);
        continue;
      }
      for (const { key, higherIsBetter } of CHECKED) {
        const b = before[key];
        const a = after[key];
        if (typeof b !== "number") continue;
        // Refusal precision is undefined once nothing is refused: a run that stops refusing answerable
        // questions did not get worse (a refusal it should still make is guarded by refusalRecall).
        if (typeof a !== "number" && key === "refusalPrecision" && after.refusalRecall == null) continue;
        if (typeof a !== "number") {
          // A figure at its worst cannot fall: refusal precision 0 becomes undefined when nothing is refused any more.
          if (higherIsBetter ? b <= 0 : b >= 1) continue;
          out.push(`${set}/${tag} ${key}: ${b.toFixed(3)} → none`);
          continue;
        }
        const drop = higherIsBetter ? b - a : a - b;
        if (drop > tolerance + 1e-9) out.push(`${set}/${tag} ${key}: ${b.toFixed(3)} → ${a.toFixed(3)}`);
      }
    }
  }
  return out;
}
