import { describe, expect, it } from "vitest";
import { type ClauseHit, reciprocalRankFusion } from "../../src/retrieve/hybrid.ts";
import { evidenceBreaksTies } from "../../src/retrieve/pipeline.ts";

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

describe("evidenceBreaksTies", () => {
  const hit = (id: string, score: number, coverage: number) =>
    ({ id, score, evidence: { matched: [], missing: [], strength: coverage, coverage, rareMatched: 0 } }) as unknown as ClauseHit;

  it("puts the clause that says more of the question first when two fused scores tie, and keeps every other order", () => {
    const ranked = evidenceBreaksTies([hit("a", 2 / 62, 0.2), hit("b", 2 / 62, 0.5), hit("c", 1 / 61, 0.9)]);
    expect(ranked.map((h) => h.id)).toEqual(["b", "a", "c"]);
    expect(evidenceBreaksTies([hit("a", 0.04, 0.1), hit("b", 0.03, 0.9)]).map((h) => h.id)).toEqual(["a", "b"]);
  });
});
