import { describe, expect, it } from "vitest";
import type { AnswerSummary } from "../../eval/answers.ts";
import { regressions } from "../../eval/check.ts";
import { splitOf } from "../../eval/questions.ts";

const summary = (over: Partial<AnswerSummary> = {}): AnswerSummary => ({
  n: 100,
  top: 0.9,
  citationRecall: null,
  units: null,
  contains: null,
  smalltalk: null,
  answerableRefused: 0.02,
  refusalPrecision: null,
  refusalRecall: 0.9,
  ...over,
});

describe("--check", () => {
  it("passes a drop of one point and fails a larger one, in either direction of goodness", () => {
    const base = { test: { all: summary() } };
    expect(regressions(base, { test: { all: summary({ top: 0.89 }) } })).toEqual([]);
    expect(regressions(base, { test: { all: summary({ top: 0.88 }) } })).toEqual(["test/all top: 0.900 → 0.880"]);
    expect(regressions(base, { test: { all: summary({ answerableRefused: 0.05 }) } })).toEqual([
      "test/all answerableRefused: 0.020 → 0.050",
    ]);
    expect(regressions(base, { test: { all: summary({ top: 0.99, answerableRefused: 0 }) } })).toEqual([]);
  });

  it("reports a figure that became undefined, unless it was at its worst (nothing refused any more at precision 0)", () => {
    const base = { test: { smalltalk: summary({ refusalPrecision: 0 }), all: summary({ refusalPrecision: 0.8 }) } };
    const now = { test: { smalltalk: summary(), all: summary() } };
    expect(regressions(base, now)).toEqual(["test/all refusalPrecision: 0.800 → none"]);
  });

  it("does not count refusing nothing as a precision drop where nothing was to be refused", () => {
    const base = { test: { en: summary({ refusalPrecision: 0, refusalRecall: null, answerableRefused: 0.1 }) } };
    const none = { refusalPrecision: null, refusalRecall: null, answerableRefused: 0 };
    expect(regressions(base, { test: { en: summary(none) } })).toEqual([]);
    // With questions to refuse, refusing none of them is still a drop.
    const withRefusals = { test: { en: summary({ refusalPrecision: 1, refusalRecall: 1 }) } };
    expect(regressions(withRefusals, { test: { en: summary({ refusalPrecision: null, refusalRecall: 0 }) } })).toEqual([
      "test/en refusalPrecision: 1.000 → none",
      "test/en refusalRecall: 1.000 → 0.000",
    ]);
  });

  it("reports a set or tag the run lost, and ignores ones the baseline lacks", () => {
    expect(regressions({ blind: { all: summary() } }, {})).toEqual(["blind: set missing from this run"]);
    expect(regressions({ test: { en: summary() } }, { test: { all: summary() } })).toEqual(["test/en: tag missing from this run"]);
    expect(regressions({}, { test: { all: summary() } })).toEqual([]);
  });
});

describe("dev/test split", () => {
  it("is deterministic and puts roughly 60% in dev", () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `q${i}`);
    expect(ids.map(splitOf)).toEqual(ids.map(splitOf));
    const dev = ids.filter((id) => splitOf(id) === "dev").length;
    expect(dev).toBeGreaterThan(550);
    expect(dev).toBeLessThan(650);
  });
});
