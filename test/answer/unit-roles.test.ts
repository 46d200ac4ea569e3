import { describe, expect, it } from "vitest";
import { composeAnswer } from "../../src/answer/compose.ts";
import { INTENTS } from "../../src/answer/intents.ts";
import { parsePlan } from "../../src/ingest/parse.ts";
import { planClauses } from "../../src/plan/clauses.ts";
import type { EvidencedHit } from "../../src/retrieve/retriever.ts";
import { understand } from "../../src/understand/understand.ts";

/** A plan where one unit leads one measure and supports two: the list says which, and cites by the role asked. */
const raw = [
  "北湖区优化营商环境措施",
  "一、要素保障",
  "（一）金融支持",
  "1. 设立中小企业转贷资金池。（牵头单位：区金融局；配合单位：区财政局）",
  "2. 清理规范涉企收费，公布收费目录清单。（牵头单位：区财政局；配合单位：区市场监管局）",
  "3. 开展银企对接活动12场。（牵头单位：区金融局；配合单位：区财政局）",
].join("\n");
const plan = parsePlan({ planId: "beihu-2024", file: "beihu-2024.txt", raw }).plan;
const corpus = { plans: [plan] };
const hits: EvidencedHit[] = planClauses(plan)
  .filter((c) => c.measure !== null)
  .map((clause) => ({ id: clause.id, clause, score: 1, lexical: null, vector: null, sentences: () => [] }));
const ask = (q: string) => composeAnswer(corpus, understand(q, [], [plan.meta]), hits, INTENTS.unit);

describe("a unit's list with its roles", () => {
  it("says how many measures the unit leads and supports, and each measure's role", () => {
    const a = ask("北湖区财政局负责哪些工作");
    expect(a.answer).toContain("其中牵头1项、配合2项");
    expect(a.answer).toMatch(/第1条（配合）/);
    expect(a.answer).toMatch(/第2条（牵头）/);
  });

  it("cites the measures it leads first when asked what it is responsible for, and those it supports when asked so", () => {
    expect(ask("北湖区财政局负责哪些工作").citations.map((c) => c.measure)).toEqual([2, 1, 3]);
    expect(ask("北湖区财政局配合哪些工作").citations.map((c) => c.measure)).toEqual([1, 3, 2]);
    // Read out with the role asked for first, too.
    expect(ask("北湖区财政局配合哪些工作").answer.indexOf("第2条")).toBeGreaterThan(
      ask("北湖区财政局配合哪些工作").answer.indexOf("第3条"),
    );
  });
});

describe("a unit's list when the plan writes the unit in a close form of the name asked", () => {
  it("names the unit as the plan writes it and gives its role (区政务服务和大数据局 asked, 区政务服务中心 written)", () => {
    const raw2 = [
      "南岭区优化营商环境措施",
      "一、政务服务",
      "1. 深化一网通办改革。（牵头单位：区政务服务中心；配合单位：区大数据中心）",
      "2. 设立办不成事反映窗口。（牵头单位：区政务服务中心）",
    ].join("\n");
    const plan2 = parsePlan({ planId: "nanling-2024", file: "nanling-2024.txt", raw: raw2 }).plan;
    const hits2: EvidencedHit[] = planClauses(plan2)
      .filter((c) => c.measure !== null)
      .map((clause) => ({ id: clause.id, clause, score: 1, lexical: null, vector: null, sentences: () => [] }));
    const u = { ...understand("南岭区政务服务和大数据局负责哪些工作", [], [plan2.meta]), units: ["区政务服务和大数据局"] };
    const a = composeAnswer({ plans: [plan2] }, u, hits2, INTENTS.unit);
    expect(a.answer).toContain("区政务服务中心");
    expect(a.answer).toMatch(/第1条（牵头）/);
    // A unit of another family is not named for it.
    expect(a.answer).not.toMatch(/区大数据中心负责/);
  });
});

describe("a unit's list when the plan names responsible units only (责任单位)", () => {
  const raw3 = [
    "西湖区优化营商环境措施",
    "一、政务服务",
    "1. 推进工程建设项目审批一口受理。（责任单位：区建管委、区发改委）",
    "2. 建立行业信用评价模型。（责任单位：区发改委）",
    "3. 完善重大项目协调机制。（责任单位：区发改委、区建管委）",
  ].join("\n");
  const plan3 = parsePlan({ planId: "xihu-2024", file: "xihu-2024.txt", raw: raw3 }).plan;
  const hits3: EvidencedHit[] = planClauses(plan3)
    .filter((c) => c.measure !== null)
    .map((clause) => ({ id: clause.id, clause, score: 1, lexical: null, vector: null, sentences: () => [] }));
  it("cites first the measures where the unit is written first (the one that leads, by convention)", () => {
    const a = composeAnswer({ plans: [plan3] }, understand("西湖区发改委负责哪些工作", [], [plan3.meta]), hits3, INTENTS.unit);
    expect(a.citations.map((c) => c.measure)).toEqual([2, 3, 1]);
    // Read out by number all the same.
    expect(a.answer.indexOf("第1条")).toBeLessThan(a.answer.indexOf("第2条"));
  });
});
