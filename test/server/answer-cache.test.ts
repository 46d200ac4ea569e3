import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AskInput, type Assistant, createAssistant } from "../../src/answer/assistant.ts";
import type { Answer } from "../../src/answer/schema.ts";
import type { PolicyIndex } from "../../src/index/store.ts";
import { todayIso } from "../../src/plan/status.ts";
import { MAX_KEY_CHARS, nextMidnightAfter, withAnswerCache } from "../../src/server/answer-cache.ts";
import { fixtureIndex } from "../helpers/fixture.ts";

/** An assistant that answers with what it was asked and counts its calls. */
function countingAssistant(llmModel: string | null = null) {
  let calls = 0;
  const inner = {
    index: {} as PolicyIndex,
    llmModel,
    understand: () => {
      throw new Error("not used");
    },
    async ask(input: AskInput): Promise<Answer> {
      calls++;
      return {
        answer: `${input.message}|${input.district ?? ""}|${JSON.stringify(input.history ?? [])}|${calls}`,
        status: "answered",
        lang: "zh",
        mode: "extractive",
        citations: [{ id: "p:1", planId: "p", planTitle: "t", district: "d", measure: 1, sectionPath: [], units: [], text: "x" }],
        confidence: 0.9,
        confidenceLevel: "high",
        alternatives: [],
      };
    },
  } as unknown as Assistant;
  return { inner, calls: () => calls };
}

describe("answer cache", () => {
  it("answers a repeated question from the cache and anything that changes the answer anew", async () => {
    const { inner, calls } = countingAssistant();
    const cached = withAnswerCache(inner, { entries: 100 });
    const first = await cached.ask({ message: "企业注销怎么办", channel: "widget", clientIp: "1.2.3.4" });
    // Channel and client address never change an answer.
    expect(await cached.ask({ message: "企业注销怎么办", channel: "api", clientIp: "5.6.7.8" })).toEqual(first);
    expect(calls()).toBe(1);
    const variants: AskInput[] = [
      { message: "企业注销怎么办 " },
      { message: "企业注销怎么办", district: "普陀区" },
      { message: "企业注销怎么办", history: [{ role: "user", content: "普陀区" }] },
      { message: "企业注销怎么办", history: [{ role: "assistant", content: "普陀区" }] },
    ];
    for (const v of variants) expect((await cached.ask(v)).answer).not.toBe(first.answer);
    expect(calls()).toBe(1 + variants.length);
    expect(cached.cacheStats()).toMatchObject({ hits: 1, misses: 5, entries: 5 });
  });

  it("hands out frozen copies, so no caller can change the next caller's answer", async () => {
    const { inner } = countingAssistant();
    const cached = withAnswerCache(inner, { entries: 10 });
    const a = await cached.ask({ message: "q" });
    expect(() => {
      (a.citations[0] as { text: string }).text = "changed";
    }).toThrow(TypeError);
    expect((await cached.ask({ message: "q" })).citations[0]!.text).toBe("x");
  });

  it("keeps at most `entries` answers, evicting the least recently used", async () => {
    const { inner, calls } = countingAssistant();
    const cached = withAnswerCache(inner, { entries: 2 });
    await cached.ask({ message: "a" });
    await cached.ask({ message: "b" });
    await cached.ask({ message: "a" }); // a is now the most recent
    await cached.ask({ message: "c" }); // evicts b
    expect(calls()).toBe(3);
    await cached.ask({ message: "a" });
    expect(calls()).toBe(3);
    await cached.ask({ message: "b" });
    expect(calls()).toBe(4);
    expect(cached.cacheStats().entries).toBe(2);
  });

  it("starts empty when the date changes in China time (plan status depends on it)", async () => {
    const { inner, calls } = countingAssistant();
    let now = Date.parse("2026-03-01T15:59:00Z"); // 23:59 in Shanghai
    const cached = withAnswerCache(inner, { entries: 10, clock: () => now });
    await cached.ask({ message: "q" });
    now += 30_000;
    await cached.ask({ message: "q" });
    expect(calls()).toBe(1);
    now += 60_000; // 00:00:30 on 2 March in Shanghai
    await cached.ask({ message: "q" });
    expect(calls()).toBe(2);
    expect(nextMidnightAfter(Date.parse("2026-03-01T15:59:00Z"))).toBe(Date.parse("2026-03-01T16:00:00Z"));
    expect(todayIso(new Date(nextMidnightAfter(now) - 1))).toBe("2026-03-02");
  });

  it("does not cache with an LLM configured, when turned off, or for very long conversations", async () => {
    for (const [assistant, entries] of [
      [countingAssistant("gpt-x"), 10],
      [countingAssistant(), 0],
    ] as const) {
      const cached = withAnswerCache(assistant.inner, { entries });
      await cached.ask({ message: "q" });
      await cached.ask({ message: "q" });
      expect(assistant.calls()).toBe(2);
    }
    const { inner, calls } = countingAssistant();
    const cached = withAnswerCache(inner, { entries: 10 });
    const long = { message: "q", history: [{ role: "user" as const, content: "长".repeat(MAX_KEY_CHARS) }] };
    await cached.ask(long);
    await cached.ask(long);
    expect(calls()).toBe(2);
  });

  describe("over the fixture index", () => {
    let index: PolicyIndex;
    let cleanup: () => void;
    beforeAll(async () => {
      ({ index, cleanup } = await fixtureIndex());
    });
    afterAll(() => cleanup());

    it("serves the same answers as the assistant without it, and a reloaded index gets its own cache", async () => {
      const plain = createAssistant(index);
      const cached = withAnswerCache(createAssistant(index), { entries: 100 });
      const inputs: AskInput[] = [
        { message: "电子印章怎么申请？" },
        { message: "What support is there for foreign-invested companies?" },
        { message: "由哪个部门负责？", history: [{ role: "user", content: "电子印章怎么申请？" }] },
        { message: "你好" },
      ];
      for (const input of inputs) {
        const want = await plain.ask(input);
        expect(await cached.ask(input)).toEqual(want);
        expect(await cached.ask(input)).toEqual(want);
      }
      expect(cached.cacheStats()).toMatchObject({ hits: inputs.length, misses: inputs.length });
      const reloaded = withAnswerCache(createAssistant(index), { entries: 100 });
      expect(reloaded.cacheStats().entries).toBe(0);
    });
  });
});
