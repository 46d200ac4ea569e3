import { describe, expect, it } from "vitest";
import { type CheckedClause, verifyAgainstClauses } from "../../src/answer/check-claims.ts";

const CLAUSE_2: CheckedClause = {
  text: "建设区电子印章公共服务平台，全区95%以上政府机关使用电子印章。",
  measure: 2,
  sectionPath: ["一、提升政务服务", "（一）推广电子印章"],
  units: [{ name: "区科委", nameEn: "District Science and Technology Commission", role: "responsible" }],
};
const CLAUSE_3: CheckedClause = {
  text: "推行企业简易注销，注销办理时间压缩至5天以内。",
  measure: 3,
  sectionPath: ["一、提升政务服务", "（二）便利企业注销"],
  units: [{ name: "区市场监管局", nameEn: "District Administration for Market Regulation", role: "responsible" }],
  deadline: { text: "2024年6月底前", date: "2024-06-30" },
};
const source = { clauses: [CLAUSE_2, CLAUSE_3], planTitles: ["安亭区优化营商环境若干措施"] };

describe("verifyAgainstClauses", () => {
  it.each([
    "根据《安亭区优化营商环境若干措施》第2条，电子印章公共服务平台由区科委负责，全区95%以上政府机关使用电子印章。",
    "由区科学技术委员会负责（第2条）；企业注销5天以内办完（第三条，区市场监督管理局），2024年6月底前落实。",
    "第2、3条分别规定了电子印章和注销，见（一）推广电子印章。注销压缩到五天以内。",
    "Under measure 2, the District Science and Technology Commission (区科委) runs the platform; 95% of agencies use e-seals.",
    "Measures 2 and 3 apply. For more, call the 12345 hotline.",
    "The District Sci-Tech Commission (区科学技术委员会) builds the platform.",
    "第一部分提升政务服务：区科委负责。",
    "1. 电子印章：区科委负责（第2条）。\n2. 注销：5天以内（第3条）。\n(3) 另见第3条。",
    "区科委会同相关部门推进，区内企业、市场主体均可使用，全区各部门都将推广。",
  ])("accepts %j", (answer) => {
    expect(verifyAgainstClauses(answer, source)).toEqual({ ok: true });
  });

  it.each([
    ["根据第999条，由区外星局负责。", "llm_unsupported_measure", "第999条"],
    ["根据第二条和第九条办理。", "llm_unsupported_measure", "第九条"],
    ["根据第2、9条办理。", "llm_unsupported_measure", "第2、9条"],
    ["See measure 17.", "llm_unsupported_measure", "measure 17"],
    ["由区外星局负责。", "llm_unsupported_unit", "区外星局"],
    ["由区税务局负责（第2条）。", "llm_unsupported_unit", "区税务局"],
    ["The District Finance Bureau (区财政局) is responsible.", "llm_unsupported_unit", "区财政局"],
    ["The District Finance Bureau is responsible.", "llm_unsupported_unit", "District Finance Bureau"],
    ["The District Alien Affairs Bureau runs it.", "llm_unsupported_unit", "District Alien Affairs Bureau"],
    ["The District Alien Affairs Bureau (区外星局) runs it.", "llm_unsupported_unit", "区外星局"],
    ["全区99%以上政府机关使用电子印章（第2条，区科委）。", "llm_unsupported_figure", "99"],
    ["注销压缩至3天（第3条）。", "llm_unsupported_figure", "3"],
    ["1. 注销压缩至4.5天。", "llm_unsupported_figure", "4.5"],
    ["7.5%的企业可享受。", "llm_unsupported_figure", "7.5"],
    ["注销压缩至三天（第3条）。", "llm_unsupported_figure", "3"],
    ["见（五）数字政府。", "llm_unsupported_section", "（五）"],
    ["见第四部分。", "llm_unsupported_section", "第四部分"],
    ["根据《外星人优待条例》，区科委负责。", "llm_unsupported_title", "《外星人优待条例》"],
  ])("rejects %j", (answer, reason, found) => {
    expect(verifyAgainstClauses(answer, source)).toEqual({ ok: false, reason, found: found.normalize("NFKC") });
  });

  it("compares in Simplified script, and accepts the number of cited clauses as a figure", () => {
    expect(verifyAgainstClauses("根據《安亭區優化營商環境若干措施》第2條，由區科學技術委員會負責。", source)).toEqual({ ok: true });
    expect(verifyAgainstClauses("由區外星局負責。", source)).toMatchObject({ ok: false, reason: "llm_unsupported_unit" });
    expect(verifyAgainstClauses("上述2项措施分别由区科委和区市场监管局负责。", source)).toEqual({ ok: true });
    expect(verifyAgainstClauses("上述7项措施由区科委负责。", source)).toMatchObject({ ok: false, found: "7" });
  });

  it("accepts the year of a cited plan's id, which the model was shown", () => {
    const withId = { ...source, clauses: [{ ...CLAUSE_2, planId: "anting-2024" }] };
    expect(verifyAgainstClauses("安亭区2024年的措施第2条：由区科委负责。", withId)).toEqual({ ok: true });
    expect(verifyAgainstClauses("安亭区2023年的措施第2条：由区科委负责。", withId)).toMatchObject({ ok: false, found: "2023" });
  });

  it("reads full-width digits and percent signs as the figures they are", () => {
    expect(verifyAgainstClauses("全区９５％以上（第２条）。", source)).toEqual({ ok: true });
    expect(verifyAgainstClauses("全区９９％以上。", source)).toMatchObject({ ok: false, reason: "llm_unsupported_figure" });
  });
});
