import { describe, expect, it } from "vitest";
import { topKOf } from "../../src/index/topk.ts";

describe("topKOf", () => {
  it("keeps the k best of a stream, best first, ties broken by lower doc id", () => {
    const scores = [0.3, 0.9, 0.1, 0.9, 0.5, 0.7, 0.2];
    const best = topKOf(3, (push) => scores.forEach((s, doc) => push(doc, s)));
    expect(best).toEqual([
      { doc: 1, score: 0.9 },
      { doc: 3, score: 0.9 },
      { doc: 5, score: 0.7 },
    ]);
  });

  it("matches a full sort on random input", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const items = Array.from({ length: 500 }, (_, doc) => ({ doc, score: Math.round(rand() * 50) / 50 }));
    const sorted = [...items].sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, 20);
    expect(topKOf(20, (push) => items.forEach((x) => push(x.doc, x.score)))).toEqual(sorted);
    expect(topKOf(0, (push) => push(1, 1))).toEqual([]);
    expect(topKOf(5, (push) => push(1, 1))).toEqual([{ doc: 1, score: 1 }]);
  });
});
