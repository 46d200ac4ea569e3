import { describe, expect, it } from "vitest";
import { groupNearDuplicates, questionKey, similarity } from "../../src/feedback/key.ts";

describe("questionKey", () => {
  it("folds greetings, particles, punctuation, width, case and script", () => {
    const k = questionKey("企业注销怎么办理");
    expect(questionKey("请问，企业注销怎么办理？")).toBe(k);
    expect(questionKey("您好 企业注销怎么办理呢")).toBe(k);
    expect(questionKey("企業註銷怎麼辦理？")).toBe(k);
    expect(questionKey("Hello, how do I close a COMPANY?")).toBe(questionKey("how do i close a company"));
  });

  it("keeps different questions apart and never empties a question", () => {
    expect(questionKey("企业注销怎么办理")).not.toBe(questionKey("企业开办怎么办理"));
    expect(questionKey("请问")).toBe("请问");
  });
});

describe("groupNearDuplicates", () => {
  it("folds near-duplicate wordings into the most asked one and sums their counts", () => {
    const groups = groupNearDuplicates([
      { key: "电子印章由哪个部门负责", count: 3, sample: "电子印章由哪个部门负责？" },
      { key: "企业注销怎么办理", count: 5, sample: "企业注销怎么办理" },
      { key: "电子印章由哪个部门负责的", count: 2, sample: "电子印章由哪个部门负责的" },
      { key: "企业注销流程怎么办理", count: 1, sample: "企业注销流程怎么办理" },
      { key: "跨境贸易通关时间", count: 4, sample: "跨境贸易通关时间" },
    ]);
    expect(groups.map((g) => [g.sample, g.count])).toEqual([
      ["企业注销怎么办理", 6],
      ["电子印章由哪个部门负责？", 5],
      ["跨境贸易通关时间", 4],
    ]);
    expect(groups[1]!.keys).toEqual(["电子印章由哪个部门负责", "电子印章由哪个部门负责的"]);
  });

  it("measures similarity on character pairs", () => {
    expect(similarity("abc", "abc")).toBe(1);
    expect(similarity("电子印章", "跨境贸易")).toBe(0);
    expect(similarity("电子印章平台", "电子印章")).toBeCloseTo(0.75);
  });
});
