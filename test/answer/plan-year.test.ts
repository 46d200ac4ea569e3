import { describe, expect, it } from "vitest";
import { absentPlanYear, planYears } from "../../src/answer/plan-year.ts";
import type { PlanMeta } from "../../src/plan/schema.ts";

describe("a plan of a year the corpus does not hold", () => {
  const plan = (id: string, title: string, period?: string) =>
    ({ id, title, issueDate: null, effectiveDate: null, period: period ? { text: period, start: null, end: null } : null }) as PlanMeta;
  const putuo = plan("putuo-2021", "普陀区深化推进一流营商环境建设行动方案");
  const linjiang = plan("linjiang-2024", "临江区优化营商环境三年行动方案（2024—2026年）", "2024—2026年");

  it("is named by its year when no plan in scope is of that year", () => {
    expect(absentPlanYear("普陀区2024年新的营商环境方案出了没有", [putuo])).toBe(2024);
    expect(absentPlanYear("普陀区2021年的方案里有什么", [putuo])).toBeNull();
    // A place or a plan word between the year and the kind of plan (2025年普陀区优化营商环境方案, 2025年的若干措施).
    expect(absentPlanYear("2025年普陀区优化营商环境方案出来了吗", [putuo])).toBe(2025);
    expect(absentPlanYear("普陀2025年的若干措施有哪些", [putuo])).toBe(2025);
    expect(absentPlanYear("Is there a 2025 action plan for Putuo?", [putuo])).toBe(2025);
    // A year that is no plan's (a target year) is not asked as a plan.
    expect(absentPlanYear("普陀区2024年底前要完成哪些任务", [putuo])).toBeNull();
    expect(absentPlanYear("普陀区2024年底前完成的措施有哪些", [putuo])).toBeNull();
  });

  it("counts every year of a plan's span, not only its endpoints, and no year of its validity", () => {
    const inForce = plan("donghu-2024", "东湖区若干措施", "有效期至2026年4月30日");
    expect([...planYears(inForce)]).toEqual([2024]);
    expect(absentPlanYear("东湖区2025年新的营商环境方案出了没有", [inForce])).toBe(2025);
    expect([...planYears(linjiang)].sort()).toEqual([2024, 2025, 2026]);
    expect(absentPlanYear("临江区2025年的行动方案有哪些任务", [linjiang])).toBeNull();
    expect(absentPlanYear("临江区2027年的行动方案有哪些任务", [linjiang])).toBe(2027);
  });
});
