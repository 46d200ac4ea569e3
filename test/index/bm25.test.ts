import { describe, expect, it } from "vitest";
import { Bm25Index } from "../../src/index/bm25.ts";

describe("Bm25Index", () => {
  const docs = [["电子印章", "平台"], ["企业", "注销", "注销"], ["电子印章", "企业", "开办", "税务", "银行"], []];
  const index = Bm25Index.build(docs);

  it("ranks the document that uses a rare query term most", () => {
    expect(index.search(["注销"], 3).map((s) => s.doc)).toEqual([1]);
  });

  it("prefers the shorter document when term frequencies tie", () => {
    const ranked = index.search(["电子印章"], 3);
    expect(ranked.map((s) => s.doc)).toEqual([0, 2]);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
  });

  it("applies a document filter", () => {
    expect(index.search(["电子印章"], 3, (d) => d !== 0).map((s) => s.doc)).toEqual([2]);
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
});
