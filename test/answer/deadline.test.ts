import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { donghuAssistant } from "../helpers/donghu.ts";

/** The 东湖区 measures (test/fixtures/plans): 第6、8、10条 carry a 完成时限, the others none. */
let ask: Awaited<ReturnType<typeof donghuAssistant>>["ask"];
let cleanup = () => {};

beforeAll(async () => {
  ({ ask, cleanup } = await donghuAssistant());
});
afterAll(() => cleanup());

describe("deadline questions", () => {
  it("answers with the clause's 完成时限 and cites that clause", async () => {
    const a = await ask("政策兑现平台什么时候完成？");
    expect(a.status).toBe("answered");
    expect(a.citations[0]!.id).toBe("donghu-2024:10");
    expect(a.citations[0]!.deadline).toEqual({ text: "2024年9月底前", date: "2024-09-30" });
    expect(a.answer).toMatch(/第10条，完成时限是：2024年9月底前。/);
  });

  it("reads 截止时间 as a deadline question too", async () => {
    const a = await ask("企业开办一表申报的截止时间是哪天？");
    expect(a.citations[0]!.id).toBe("donghu-2024:8");
    expect(a.answer).toContain("完成时限是：2024年6月底前。");
  });

  it("answers in English with the deadline as written and its date", async () => {
    const a = await ask("When is the one-stop policy platform due?");
    expect(a.lang).toBe("en");
    expect(a.citations[0]!.id).toBe("donghu-2024:10");
    expect(a.answer).toMatch(/^Under measure 10 of .*, the deadline is 2024年9月底前 \(by 2024-09-30\)\./);
  });

  it("says plainly that a clause has no deadline, and invents none", async () => {
    const a = await ask("租金减免什么时候完成？");
    expect(a.status).toBe("answered");
    expect(a.citations[0]!.id).toBe("donghu-2024:3");
    expect(a.citations[0]!.deadline).toBeUndefined();
    expect(a.answer).toContain("第3条涉及这一事项，但方案没有写明这项措施的完成时限。");
    expect(a.answer).not.toMatch(/完成时限是|\d{4}年\d+月/);
  });

  it("says so in English too", async () => {
    const a = await ask("What is the deadline for fair competition review?");
    expect(a.citations[0]!.id).toBe("donghu-2024:15");
    expect(a.answer).toMatch(/covers this, but the plan states no deadline for it\./);
  });

  it("answers a follow-up about the previous topic's deadline", async () => {
    const history = [
      { role: "user" as const, content: "电费补贴由谁负责？" },
      { role: "assistant" as const, content: "根据第6条，负责单位是：牵头单位：区发展改革局。" },
    ];
    const a = await ask("这项什么时候完成？", { history });
    expect(a.citations[0]!.id).toBe("donghu-2024:6");
    expect(a.answer).toContain("完成时限是：2024年12月底前。");
  });
});
