import { describe, expect, it } from "vitest";
import { askedQuantity, outOfScope } from "../../src/answer/scope.ts";
import type { ClauseHit } from "../../src/retrieve/hybrid.ts";
import type { Understanding } from "../../src/understand/understand.ts";

const u = (question: string) => ({ question, lang: "zh", otherPlaces: [], districts: [], followup: false }) as unknown as Understanding;
const hit = (text: string, matched: string[], missing: string[], strength = 0.6) =>
  ({
    id: "p:1",
    score: 1,
    clause: { id: "p:1", text, units: [{ name: "区科委" }] },
    evidence: { matched, missing, strength, coverage: strength, rareMatched: 1 },
  }) as unknown as ClauseHit;

describe("outOfScope: the question's own concept must be answered", () => {
  it("refuses help for a thing no clause names when the clause shares only the kind of help", () => {
    expect(outOfScope(u("买新能源车有什么补贴？"), [hit("对科创企业给予补贴。", ["补贴"], ["新能源"])])).toBe("weak_match");
    expect(outOfScope(u("科创企业有什么补贴？"), [hit("对科创企业给予补贴。", ["补贴", "科创"], [])])).toBeNull();
  });

  it("refuses a figure the cited clause does not state, and answers one it states", () => {
    expect(outOfScope(u("注销要几天？"), [hit("推行企业简易注销。", ["注销"], [])])).toBe("weak_match");
    expect(outOfScope(u("注销要几天？"), [hit("注销办理时间压缩至5天以内。", ["注销"], [])])).toBeNull();
    expect(outOfScope(u("我们几个人开的公司，注销方便吗？"), [hit("推行企业简易注销。", ["注销"], [])])).toBeNull();
    // A name in quotes is no count.
    expect(outOfScope(u("专员覆盖多少家企业？"), [hit("推动“三个实有”数据更新，扩大专员队伍。", ["专员"], [])])).toBe("weak_match");
    expect(outOfScope(u("专员覆盖多少家企业？"), [hit("专员覆盖1000家企业。", ["专员"], [])])).toBeNull();
  });

  it("refuses in English a figure or the documents the cited clause does not state", () => {
    const en = (question: string) => ({ ...u(question), lang: "en" }) as Understanding;
    const premises = hit("在同一区内增设经营场所免于办理分支机构登记。", ["经营场所"], []);
    expect(outOfScope(en("How much rent discount can we get for office space?"), [premises])).toBe("weak_match");
    expect(outOfScope(en("Can we add office space without registering a branch?"), [premises])).toBeNull();
    const fund = hit("设立2亿元民营企业纾困基金。", ["纾困基金"], []);
    expect(outOfScope(en("What's the maximum amount one company can get from the relief fund?"), [fund])).toBe("weak_match");
    const pool = hit("建立转贷应急资金池，单笔支持额度最高1000万元。", ["资金池"], []);
    expect(outOfScope(en("What is the cap on a single loan from the pool?"), [pool])).toBeNull();
    const permits = hit("为外籍人才提供办理来华工作许可证件便利。", ["工作许可"], []);
    expect(outOfScope(en("What documents do I need for a work permit?"), [permits])).toBe("weak_match");
    // A negative list (负面清单) is no list of documents; a later clause that mentions materials does not answer for the first.
    const entry = hit("落实负面清单管理制度，外资企业设立2个工作日内办结。", ["外资企业"], []);
    const other = hit("取消各类证明材料30项。", ["材料"], []);
    expect(outOfScope(en("What documents do I have to submit to set up a foreign company?"), [entry, other])).toBe("weak_match");
    expect(outOfScope(en("What documents do I have to submit?"), [other, entry])).toBeNull();
    expect(outOfScope(en("How long does a work permit take?"), [permits])).toBe("weak_match");
    expect(outOfScope(en("How long does a work permit take?"), [hit("工作许可5个工作日办结。", ["工作许可"], [])])).toBeNull();
  });

  it("refuses conditions or materials the clause does not spell out", () => {
    expect(outOfScope(u("申请需要满足哪些条件？"), [hit("开展首贷贴息。", ["申请"], [])])).toBe("weak_match");
    expect(outOfScope(u("申请需要满足哪些条件？"), [hit("符合条件的企业可申请首贷贴息。", ["申请"], [])])).toBeNull();
  });
});

describe("the figure a question asks for", () => {
  it("takes how many departments for a question about units, how many firms or days for a figure", () => {
    expect(askedQuantity("我想把公司关了，要跑几个部门？")).toBeNull();
    expect(askedQuantity("开饭店要找几个单位盖章")).toBeNull();
    expect(askedQuantity("今年要服务几家企业？")).toBe("count");
    expect(askedQuantity("注销要几天")).toBe("duration");
    expect(askedQuantity("How many departments do I have to visit?")).toBeNull();
    expect(askedQuantity("How many measures does the plan have?")).toBeNull();
    expect(askedQuantity("How many kinds of minor violations are let off?")).toBe("count");
    expect(askedQuantity("How many working days does it take?")).toBe("duration");
    expect(askedQuantity("What is the average guarantee fee rate?")).toBe("share");
    expect(askedQuantity("Who handles electronic seals?")).toBeNull();
  });
});
