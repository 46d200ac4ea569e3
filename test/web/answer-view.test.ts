// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import type { Answer, Citation } from "../../src/answer/schema.ts";
import { linkedText } from "../../src/web/shared/dom.ts";
import { citationLabel, confidenceParts, type ViewContext } from "../../src/web/widget/answer-view.ts";
import { STRINGS } from "../../src/web/widget/strings.ts";

const citation: Citation = {
  id: "putuo-2021:17",
  planId: "putuo-2021",
  planTitle: "普陀区深化推进一流营商环境建设行动方案",
  district: "普陀区",
  measure: 17,
  sectionPath: ["一、让企业办事更省心"],
  units: [
    { name: "区科委", nameEn: "District Science and Technology Commission", role: "responsible" },
    { name: "区府办", nameEn: null, role: "responsible" },
    { name: "区大数据中心", nameEn: null, role: "responsible" },
  ],
  text: "加强电子印章使用和管理。",
};

const ctx = (lang: "zh" | "en"): ViewContext => ({
  lang,
  t: STRINGS[lang],
  plans: new Map([
    [
      "putuo-2021",
      { id: "putuo-2021", title: citation.planTitle, titleEn: "Putuo Plan", district: "普陀区", districtEn: "Putuo District" },
    ],
  ]),
  contacts: async () => [],
  reveal: () => {},
  uid: (() => {
    let i = 0;
    return () => `id${++i}`;
  })(),
});

const answer = (over: Partial<Answer>): Answer =>
  ({
    answer: "a",
    status: "answered",
    lang: "zh",
    mode: "extractive",
    citations: [citation],
    confidence: 0.9,
    confidenceLevel: "high",
    alternatives: [],
    ...over,
  }) as Answer;

describe("citation labels", () => {
  it("are Chinese in Chinese mode and English (with English names where they exist) in English mode", () => {
    expect(citationLabel(ctx("zh"), citation)).toBe("普陀区 · 第17条 · 区科委、区府办…");
    expect(citationLabel(ctx("en"), citation)).toBe("Putuo District · Measure 17 · District Science and Technology Commission, 区府办…");
    expect(citationLabel(ctx("en"), { ...citation, measure: null, units: [] })).toBe("Putuo District · Section");
  });
});

describe("confidence", () => {
  it("marks a low-confidence answer and offers the alternatives it does not already cite", () => {
    const alt = { ...citation, id: "putuo-2021:21", measure: 21 };
    const { badge, low } = confidenceParts(ctx("zh"), answer({ confidenceLevel: "low", alternatives: [citation, alt] }));
    expect(badge?.textContent).toBe("把握不大");
    expect(low?.querySelectorAll(".chip").length).toBe(1);
    expect(low?.querySelector(".chip")?.getAttribute("data-citation")).toBe("putuo-2021:21");
  });

  it("shows the level the server set, and nothing on a refusal", () => {
    expect(confidenceParts(ctx("en"), answer({ confidenceLevel: "high" })).badge?.textContent).toBe("Well supported");
    expect(confidenceParts(ctx("zh"), answer({ confidenceLevel: "medium" })).badge?.className).toBe("badge medium");
    expect(confidenceParts(ctx("zh"), answer({ confidenceLevel: "low", alternatives: [] })).low).not.toBeNull();
    expect(confidenceParts(ctx("zh"), answer({ confidenceLevel: "low", status: "not_found" })).badge).toBeNull();
  });
});

describe("hotline links", () => {
  it("links every 12345, and only whole numbers", () => {
    const div = document.createElement("div");
    div.append(linkedText("请拨打12345或0211234567；12345热线"));
    expect(Array.from(div.querySelectorAll("a")).map((a) => a.getAttribute("href"))).toEqual(["tel:12345", "tel:12345"]);
    expect(div.textContent).toBe("请拨打12345或0211234567；12345热线");
  });
});
