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
  });
});
