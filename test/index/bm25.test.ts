import { describe, expect, it } from "vitest";
import { Bm25Builder, Bm25Index } from "../../src/index/bm25.ts";

describe("Bm25Index", () => {
  const docs = [["电子印章", "平台"], ["企业", "注销", "注销"], ["电子印章", "企业", "开办", "税务", "银行"], []];
  const index = Bm25Index.build(docs);

  it("lays postings out by term in first-seen order, then by document, with term frequencies", () => {
    const { terms, offsets, postings, docLengths } = index.data;
    expect(terms).toEqual(["电子印章", "平台", "企业", "注销", "开办", "税务", "银行"]);
    const postingsOf = (term: string) => {
      const t = terms.indexOf(term);
      return [...postings!.subarray(offsets[t]! * 2, offsets[t + 1]! * 2)];
    };
    expect(postingsOf("电子印章")).toEqual([0, 1, 2, 1]);
    expect(postingsOf("企业")).toEqual([1, 1, 2, 1]);
    expect(postingsOf("注销")).toEqual([1, 2]);
    expect([...docLengths]).toEqual([2, 3, 5, 0]);
  });

  it("grows past its initial capacity without losing postings", () => {
    const many = Array.from({ length: 3000 }, (_, d) => [`t${d}`, `t${d % 7}`, "common"]);
    const big = Bm25Index.build(many);
    expect(big.data.terms.length).toBe(3001);
    expect(big.data.postingCount).toBe(3000 * 3 - 7);
    expect(big.search(["t2999"], 1)[0]!.doc).toBe(2999);
    expect(big.search(["t3"], 2000).length).toBe(many.filter((d) => d.includes("t3")).length);
  });

  it("ranks the document that uses a rare query term most", () => {
    expect(index.search(["注销"], 3).map((s) => s.doc)).toEqual([1]);
  });

  it("prefers the shorter document when term frequencies tie", () => {
    const ranked = index.search(["电子印章"], 3);
    expect(ranked.map((s) => s.doc)).toEqual([0, 2]);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
  });

  it("searches only within the given document ranges, with the same scores as unfiltered", () => {
    expect(index.search(["电子印章"], 3, Uint32Array.of(1, 4)).map((s) => s.doc)).toEqual([2]);
    expect(index.search(["电子印章"], 3, Uint32Array.of(0, 1, 2, 3))).toEqual(index.search(["电子印章"], 3));
    expect(index.search(["企业", "注销"], 3, Uint32Array.of(3, 4))).toEqual([]);
    expect(index.search(["企业"], 3, new Uint32Array(0))).toEqual([]);
  });

  it("gives a ranged search the top k of an exhaustive filtered scoring, over many ranges", () => {
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 16807) % 2147483647) % n;
    const docs = Array.from({ length: 2000 }, () => Array.from({ length: 1 + rand(12) }, () => `w${rand(40)}`));
    const big = Bm25Index.build(docs);
    const ranges = Uint32Array.of(5, 90, 300, 301, 700, 1200, 1999, 2000);
    const inRange = (d: number) => [0, 2, 4, 6].some((r) => d >= ranges[r]! && d < ranges[r + 1]!);
    for (const query of [["w1"], ["w2", "w3", "w3"], ["w39", "w0", "w17"]]) {
      const all = big.search(query, 2000).filter((s) => inRange(s.doc));
      expect(big.search(query, 10, ranges)).toEqual(all.slice(0, 10));
    }
  });

  it("returns nothing for unknown terms and survives a round trip through its persisted form", () => {
    expect(index.search(["天气"], 3)).toEqual([]);
    const { header, body } = index.serialize();
    const restored = Bm25Index.deserialize(JSON.parse(JSON.stringify(header)), Buffer.concat([Buffer.alloc(1), body]).subarray(1));
    expect(restored.search(["企业", "注销"], 4)).toEqual(index.search(["企业", "注销"], 4));
    expect(restored.idf("企业")).toBe(index.idf("企业"));
    expect(() => Bm25Index.deserialize(header, body.subarray(4))).toThrow(/bytes/);
  });

  it("gives the same scores on repeated searches (its score buffer is reset)", () => {
    const first = index.search(["企业", "电子印章"], 4);
    index.search(["注销"], 4);
    expect(index.search(["企业", "电子印章"], 4)).toEqual(first);
  });

  it("searches an uncounted document but ranks the others by the statistics of the counted ones", () => {
    const builder = new Bm25Builder();
    for (const d of docs) builder.add(d);
    builder.add(["企业", "注销", "企业"], { counted: false });
    const withLeadIn = builder.finish();
    // Every counted document scores as it did without the uncounted one; the uncounted one is found.
    expect(withLeadIn.idf("企业")).toBeCloseTo(index.idf("企业"));
    const scoresOf = (hits: { doc: number; score: number }[]) => new Map(hits.map((h) => [h.doc, h.score]));
    const before = scoresOf(index.search(["企业", "注销"], 5));
    const after = scoresOf(withLeadIn.search(["企业", "注销"], 5));
    for (const [doc, score] of before) expect(after.get(doc)).toBeCloseTo(score);
    expect(after.has(4)).toBe(true);
    // Counted, the same document would lower 企业's weight and move the others' scores.
    const counted = Bm25Index.build([...docs, ["企业", "注销", "企业"]]);
    expect(counted.idf("企业")).toBeLessThan(index.idf("企业"));
    // The statistics survive the persisted form.
    const { header, body } = withLeadIn.serialize();
    const restored = Bm25Index.deserialize(JSON.parse(JSON.stringify(header)), body);
    expect(restored.idf("企业")).toBe(withLeadIn.idf("企业"));
    expect(restored.search(["企业", "注销"], 5)).toEqual(withLeadIn.search(["企业", "注销"], 5));
  });
});
