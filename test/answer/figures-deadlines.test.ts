import { describe, expect, it } from "vitest";
import { composeAnswer } from "../../src/answer/compose.ts";
import { INTENTS, type IntentPolicy } from "../../src/answer/intents.ts";
import { parsePlan } from "../../src/ingest/parse.ts";
import { planClauses } from "../../src/plan/clauses.ts";
import type { EvidencedHit } from "../../src/retrieve/retriever.ts";
import { understand } from "../../src/understand/understand.ts";

/** Two one-sentence measures with figures; the first has a deadline of its own, the second none. */
const raw = [
  "北湖区优化营商环境措施",
  "一、人才保障",
  "（一）技能提升",
  "1. 建设3家区级技能大师工作室。（责任单位：区人社局）（完成时限：2024年12月底前）",
  "2. 开展企业职工技能培训5000人次以上。（责任单位：区人社局）",
].join("\n");
const plan = parsePlan({ planId: "beihu-2024", file: "beihu-2024.txt", raw }).plan;
const corpus = { plans: [plan] };
const clauses = planClauses(plan).filter((c) => c.measure !== null);
const hitsOf = (order: number[]): EvidencedHit[] =>
  order.map((n) => {
    const clause = clauses.find((c) => c.measure === n)!;
    return { id: clause.id, clause, score: 1, lexical: null, vector: null, sentences: () => [{ text: clause.text, overlap: 0 }] };
  });
const ask = (q: string, order: number[], intent: IntentPolicy = INTENTS.target) =>
  composeAnswer(corpus, understand(q, [], [plan.meta]), hitsOf(order), intent);

describe("deadlines and figures quoted from the clause", () => {
  it("states the clause's own deadline in every layout, as written, and none for a clause without one", () => {
    expect(clauses[0]!.deadline?.text).toBe("2024年12月底前");
    expect(ask("北湖区技能大师工作室建几家", [1]).answer).toContain("完成时限：2024年12月底前");
    expect(ask("北湖区技能大师工作室谁负责", [1], INTENTS.who).answer).toContain("完成时限：2024年12月底前");
    expect(ask("北湖区职工技能培训多少人次", [2]).answer).not.toContain("完成时限");
    // A deadline question on a clause with none says so rather than borrowing one.
    const none = ask("北湖区职工技能培训什么时候完成", [2, 1], INTENTS.deadline);
    expect(none.answer).toContain("没有写明");
    expect(none.answer.split("相关条款")[0]).not.toContain("2024年12月底前");
  });

  it("quotes a second asked figure from the next cited clause", () => {
    const a = ask("北湖区职工技能培训多少人次，技能大师工作室建几家？", [2, 1]);
    expect(a.answer).toContain("5000人次");
    expect(a.answer).toContain("3家");
    // One figure asked, and the other clause shares none of its words: it is named, not quoted.
    expect(ask("北湖区职工技能培训多少人次", [2, 1]).answer).not.toContain("3家");
  });
});
