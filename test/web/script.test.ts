import { describe, expect, it } from "vitest";
import type { Answer, Citation } from "../../src/answer/schema.ts";
import { callerScript, initialScript, REFUSAL_GUIDANCE, REFUSAL_SCRIPT, statusFromDates } from "../../src/web/console/script.ts";

const clause: Citation = {
  id: "anting-2024:9",
  planId: "anting-2024",
  planTitle: "安亭区优化营商环境若干措施",
  district: "安亭区",
  measure: 9,
  sectionPath: ["一、提升政务服务"],
  units: [
    { name: "区科委", nameEn: null, role: "lead" },
    { name: "区人社局", nameEn: null, role: "support" },
  ],
  text: "提供办证便利。针对重点园区提供“预审5天+审查5天”优先审批服务，缩短办证时限",
  deadline: { text: "2024年6月底前", date: "2024-06-30" },
};

describe("the operator's read-out script", () => {
  it("is the whole clause with its figures, its deadline, the units with their roles and their phones", () => {
    const s = callerScript(clause, [{ unit: "区科委", phone: "021-5555 0000" }]);
    expect(s).toContain("《安亭区优化营商环境若干措施》第9条");
    expect(s).toContain("预审5天+审查5天");
    expect(s).toContain("缩短办证时限。");
    expect(s).toContain("完成时限：2024年6月底前。");
    expect(s).toContain("区科委（牵头）、区人社局（配合）负责");
    expect(s).toContain("区科委021-5555 0000");
  });

  it("says when the plan names no unit", () => {
    expect(callerScript({ ...clause, units: [], deadline: null })).toContain("方案未列明责任单位");
  });

  it("on a refusal says what happens next, never to call 12345", () => {
    const refusal: Answer = {
      answer: "没有找到…请拨打12345",
      status: "not_found",
      lang: "zh",
      mode: "extractive",
      citations: [clause],
      confidence: 0.9,
      confidenceLevel: "high",
      alternatives: [],
    };
    expect(initialScript(refusal)).toBe(REFUSAL_SCRIPT);
    expect(REFUSAL_SCRIPT).not.toContain("12345");
    expect(REFUSAL_GUIDANCE.join("")).toContain("记录");
    expect(initialScript({ ...refusal, status: "answered" })).toContain("第9条");
  });
});

describe("plan status from dates", () => {
  it("is not yet in force before its date, expired after its period, in force between", () => {
    const meta = { effectiveDate: "2024-01-01", issueDate: null, period: { end: "2025-12-31" } };
    expect(statusFromDates(meta, "2023-12-31")).toBe("not_yet_in_force");
    expect(statusFromDates(meta, "2024-06-01")).toBe("in_force");
    expect(statusFromDates(meta, "2026-01-01")).toBe("expired");
    expect(statusFromDates({ effectiveDate: null, issueDate: null }, "2024-01-01")).toBeNull();
  });
});
