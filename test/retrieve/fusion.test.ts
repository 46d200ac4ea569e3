import { describe, expect, it } from "vitest";
import { reciprocalRankFusion } from "../../src/retrieve/hybrid.ts";

describe("reciprocalRankFusion", () => {
  it("ranks a document both rankings agree on above one that tops only one", () => {
    const fused = reciprocalRankFusion([
      [
        { doc: 1, score: 9 },
        { doc: 2, score: 5 },
      ],
      [
        { doc: 3, score: 0.9 },
        { doc: 2, score: 0.8 },
      ],
    ]);
    const order = [...fused].sort((a, b) => b[1] - a[1]).map(([d]) => d);
    expect(order[0]).toBe(2);
    expect(fused.get(2)).toBeCloseTo(2 / 62);
  });

  it("ignores score scales", () => {
    const a = reciprocalRankFusion([
      [
        { doc: 1, score: 1000 },
        { doc: 2, score: 1 },
      ],
    ]);
    const b = reciprocalRankFusion([
      [
        { doc: 1, score: 0.2 },
        { doc: 2, score: 0.1 },
      ],
    ]);
    expect([...a]).toEqual([...b]);
  });
});
