import { describe, expect, it } from "vitest";
import { briefReference, citationOf, reference } from "../../src/answer/cite.ts";
import { verifyAgainstClauses } from "../../src/answer/check-claims.ts";
import type { PolicyIndex } from "../../src/index/store.ts";
import { parsePlan } from "../../src/ingest/parse.ts";
import { planClauses } from "../../src/plan/clauses.ts";

const raw = [
  "南湖区2024年优化营商环境工作要点",
  "一、提升政务服务",
  "（一）深化改革",
  "1. 推行企业开办一日办结，2024年6月底前完成。（责任单位：区政务服务中心）",
  "二、强化要素保障",
  "（一）金融支持",
  "1. 新增普惠贷款30亿元。（责任单位：区金融工作局）",
  "（二）人才保障",
  "1. 建设3家技能大师工作室。（责任单位：区人力资源社会保障局）",
].join("\n");
const plan = parsePlan({ planId: "nanhu-2024", file: "nanhu-2024.txt", raw }).plan;
const index = { plans: [plan] } as unknown as PolicyIndex;
const clause = (id: string) => planClauses(plan).find((c) => c.id === id)!;

describe("citations", () => {
  it("carry the clause kind, its deadline and the plan's status", () => {
    const c = citationOf(index, clause("nanhu-2024:1.1.1"));
    expect(c).toMatchObject({ kind: "measure", deadline: { text: "2024年6月底前", date: "2024-06-30" } });
    // A 2024 工作要点 covers 2024: cited today, it is no longer in force, and the reference says so.
    expect(c.planStatus).toBe("expired");
    expect(reference(c, plan.meta, "zh")).toBe("《南湖区2024年优化营商环境工作要点》（已失效）第一部分（一）第1条");
  });

  it("name the section of a measure whose numbering restarts, never a bare 第1条", () => {
    const c = citationOf(index, clause("nanhu-2024:2.2.1"));
    expect(reference(c, plan.meta, "zh")).toMatch(/第二部分（二）第1条$/);
    expect(reference(c, plan.meta, "en")).toMatch(/^measure 2\.2\.1 of the Nanhu District plan/);
  });
});

describe("brief references (the low-confidence note)", () => {
  const c = citationOf(index, clause("nanhu-2024:2.2.1"));
  it("name the clause as a measure of the plan's district, never a bare number", () => {
    expect(briefReference(c, [plan.meta], "zh")).toBe("南湖区第二部分（二）第1条");
    expect(briefReference(c, [plan.meta], "en")).toBe("Nanhu District, measure 2.2.1");
  });

  it("add the year when the corpus holds several plans of the district", () => {
    const older = { ...plan.meta, id: "nanhu-2021" };
    expect(briefReference(c, [older, plan.meta], "zh")).toBe("南湖区2024年方案第二部分（二）第1条");
    expect(briefReference(c, [older, plan.meta], "en")).toBe("Nanhu District 2024 plan, measure 2.2.1");
  });

  it("pass the claim check that reads bare numbers as figures", () => {
    const text = `也可能是：${briefReference(c, [plan.meta], "zh")}。`;
    const source = { clauses: [c], planTitles: [c.planTitle] };
    expect(verifyAgainstClauses(text, source).ok).toBe(true);
    expect(verifyAgainstClauses("也可能是：nanhu 7。", source).ok).toBe(false);
  });
});
