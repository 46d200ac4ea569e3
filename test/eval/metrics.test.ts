import { describe, expect, it } from "vitest";
import { byTag, percentile, scoreRetrieval, summarize } from "../../eval/metrics.ts";

describe("scoreRetrieval", () => {
  it("scores hit@1, recall@5 and reciprocal rank against top and need", () => {
    const s = scoreRetrieval(["a:1", "a:2", "b:3", "x", "y", "b:9"], { top: ["a:2"], need: [["b:3"], ["b:9"]] })!;
    expect(s.hit1).toBe(0);
    expect(s.recall5).toBeCloseTo(2 / 3);
    expect(s.rr).toBe(0.5);
  });

  it("has no hit@1 without top and no score without expectations", () => {
    expect(scoreRetrieval(["a"], { need: [["a"]] })!.hit1).toBeNull();
    expect(scoreRetrieval(["a"], { refuse: true })).toBeNull();
  });
});

describe("summaries", () => {
  it("averages and takes percentiles", () => {
    const sum = summarize([
      { hit1: 1, recall5: 1, rr: 1 },
      { hit1: null, recall5: 0.5, rr: 0.5 },
    ]);
    expect(sum).toEqual({ n: 2, hit1: 1, recall5: 0.75, mrr: 0.75 });
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([], 50)).toBeNull();
  });

  it("groups rows under every tag and under all", () => {
    const groups = byTag([
      { tags: ["zh"], value: 1 },
      { tags: ["en", "who"], value: 2 },
    ]);
    expect(groups.get("all")).toEqual([1, 2]);
    expect(groups.get("who")).toEqual([2]);
  });
});
