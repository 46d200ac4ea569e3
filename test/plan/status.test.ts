import { describe, expect, it } from "vitest";
import type { PlanMeta } from "../../src/plan/schema.ts";
import { planStatus, supersessions, todayIso } from "../../src/plan/status.ts";

const meta = (over: Partial<PlanMeta>): PlanMeta => ({
  id: "linjiang-2024",
  district: "临江区",
  districtEn: null,
  city: null,
  title: "临江区优化营商环境三年行动方案（2024—2026年）",
  titleEn: null,
  issuer: null,
  docNumber: null,
  issueDate: "2024-02-20",
  effectiveDate: "2024-03-01",
  period: { text: "2024—2026年", start: "2024-01-01", end: "2026-12-31" },
  ...over,
});

describe("planStatus", () => {
  it("is in force from the effective date to the end of the period, inclusive", () => {
    expect(planStatus(meta({}), "2024-03-01")).toBe("in_force");
    expect(planStatus(meta({}), "2026-12-31")).toBe("in_force");
  });

  it("is not yet in force before the effective date, even when the period has begun", () => {
    expect(planStatus(meta({}), "2024-02-29")).toBe("not_yet_in_force");
  });

  it("has expired after its period or validity", () => {
    expect(planStatus(meta({}), "2027-01-01")).toBe("expired");
    expect(planStatus(meta({ period: { text: "有效期至2026年4月30日", start: null, end: "2026-04-30" } }), "2026-05-01")).toBe("expired");
  });

  it("stays in force without an end date, and is superseded when a later plan replaces it", () => {
    expect(planStatus(meta({ period: null }), "2040-01-01")).toBe("in_force");
    expect(planStatus(meta({}), "2025-01-01", "linjiang-2027")).toBe("superseded");
  });

  it("starts at the issue date when the plan gives no effective date", () => {
    expect(planStatus(meta({ effectiveDate: null, period: null }), "2024-02-19")).toBe("not_yet_in_force");
  });
});

describe("supersessions", () => {
  it("finds the plan whose title a newer plan says it replaces (原《…》同时废止)", () => {
    const old = meta({ id: "xiling-2021", title: "西岭区优化营商环境行动方案（2021—2023年）" });
    const newer = meta({
      id: "xiling-2024",
      title: "西岭区营商环境优化提升行动方案",
      supersedes: ["西岭区优化营商环境行动方案（2021—2023年）"],
    });
    expect([...supersessions([old, newer])]).toEqual([["xiling-2021", "xiling-2024"]]);
    expect(supersessions([newer]).size).toBe(0);
  });
});

describe("todayIso", () => {
  it("counts days in China Standard Time", () => {
    expect(todayIso(new Date("2024-12-31T16:30:00Z"))).toBe("2025-01-01");
    expect(todayIso(new Date("2024-12-31T15:30:00Z"))).toBe("2024-12-31");
  });
});
