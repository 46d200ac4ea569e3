import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { donghuAssistant } from "../helpers/donghu.ts";

/**
 * 安亭区 (measures 1–5, none with a deadline), 江湾区 (sections, no numbered measures) and 东湖区 (measures
 * 1–…, 第10条 due 2024年9月底前): 第2条 exists in two plans, 第10条 only in 东湖区's.
 */
let ask: Awaited<ReturnType<typeof donghuAssistant>>["ask"];
let cleanup = () => {};

beforeAll(async () => {
  ({ ask, cleanup } = await donghuAssistant({ withFixtureCorpus: true }));
});
afterAll(() => cleanup());

describe("a measure asked for by its number", () => {
  it("answers from that clause of the plan the question names", async () => {
    for (const q of ["安亭区第2条是什么？", "安亭区措施2讲什么", "安亭区第二条讲的是什么"]) {
      const a = await ask(q);
      expect(a.status, q).toBe("answered");
      expect(
        a.citations.map((c) => c.id),
        q,
      ).toEqual(["anting-2024:2"]);
      expect(a.answer, q).toContain("第2条");
      expect(a.confidenceLevel, q).toBe("high");
    }
  });

  it("takes the district from the page", async () => {
    const a = await ask("第2条是什么？", { district: "东湖区" });
    expect(a.citations.map((c) => c.id)).toEqual(["donghu-2024:2"]);
  });

  it("takes the district from the conversation", async () => {
    const a = await ask("那第3条呢？", { history: [{ role: "user", content: "安亭区第2条是什么？" }] });
    expect(a.citations.map((c) => c.id)).toEqual(["anting-2024:3"]);
  });

  it("answers a who-question with the numbered clause's units", async () => {
    const a = await ask("安亭第4条的责任单位是谁？");
    expect(a.citations[0]!.id).toBe("anting-2024:4");
    expect(a.answer).toMatch(/第4条，负责单位是：牵头单位：区金融办/);
  });

  it("answers a deadline question with the deadline layout, in English too", async () => {
    const due = await ask("When is measure 10 due?");
    expect(due.citations.map((c) => c.id)).toEqual(["donghu-2024:10"]);
    expect(due.answer).toMatch(/^Under measure 10 of .*, the deadline is 2024年9月底前 \(by 2024-09-30\)\./);
    const none = await ask("安亭区第2条什么时候完成？");
    expect(none.citations[0]!.id).toBe("anting-2024:2");
    expect(none.answer).toContain("第2条涉及这一事项，但方案没有写明这项措施的完成时限。");
  });

  it("answers each plan briefly when several have the number and none is named", async () => {
    const a = await ask("第2条是什么？");
    expect(a.status).toBe("answered");
    expect(a.citations.map((c) => c.id).sort()).toEqual(["anting-2024:2", "donghu-2024:2"]);
    expect(a.answer.startsWith("2份方案都有第2条")).toBe(true);
    expect(a.confidenceLevel).toBe("medium");
  });

  it("says the plan has no such measure, and never cites a neighbour", async () => {
    const a = await ask("安亭区第9条是什么？");
    expect(a.status).toBe("not_found");
    expect(a.citations).toEqual([]);
    expect(a.answer).toContain("《安亭区优化营商环境若干措施》共有5条措施，没有第9条。");
    expect(a.answer).toContain("12345");
    const sections = await ask("measure 2", { district: "江湾区" });
    expect(sections.status).toBe("not_found");
    expect(sections.answer).toMatch(/does not number its measures; it has no measure 2\./);
  });

  it("still refuses a place the plans do not cover", async () => {
    const a = await ask("浦东新区第2条是什么？");
    expect(a.status).toBe("not_found");
    expect(a.citations).toEqual([]);
  });
});
