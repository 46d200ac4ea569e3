// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import { StreamingText } from "../../src/web/shared/streaming-text.ts";
import { Conversation } from "../../src/web/widget/store.ts";
import { plainAnswer } from "../helpers/answer.ts";

const answer = plainAnswer;

beforeEach(() => sessionStorage.clear());

describe("Conversation", () => {
  it("survives a reload (a new instance with the same key) and is separate per key", () => {
    const a = new Conversation("k1");
    a.add({ role: "user", text: "电子印章由谁负责？" });
    a.add({ role: "assistant", answer: answer("区科委") });
    expect(new Conversation("k1").turns).toEqual(a.turns);
    expect(new Conversation("k2").turns).toEqual([]);
  });

  it("gives the API a bounded history of plain messages", () => {
    const c = new Conversation("k");
    for (let i = 0; i < 15; i++) {
      c.add({ role: "user", text: `问题${i}` });
      c.add({ role: "assistant", answer: answer("答".repeat(9000)) });
    }
    const h = c.history();
    expect(h.length).toBe(20);
    expect(h.at(-1)).toMatchObject({ role: "assistant" });
    expect(Math.max(...h.map((m) => m.content.length))).toBe(8000);
  });

  it("a new conversation forgets everything; a corrupted entry is ignored", () => {
    const c = new Conversation("k");
    c.add({ role: "user", text: "x" });
    c.clear();
    expect(new Conversation("k").turns).toEqual([]);
    sessionStorage.setItem("bad", "{not json");
    expect(new Conversation("bad").turns).toEqual([]);
    sessionStorage.setItem("odd", JSON.stringify([{ role: "assistant" }, { role: "user", text: "ok" }]));
    expect(new Conversation("odd").turns).toEqual([{ role: "user", text: "ok" }]);
  });

  it("drops the oldest turns when storage is full instead of losing the conversation", () => {
    let quota = 300;
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => {
        if (v.length > quota) throw new Error("QuotaExceededError");
        store.set(k, v);
      },
      removeItem: (k: string) => store.delete(k),
    } as unknown as Storage;
    const c = new Conversation("k", storage);
    for (let i = 0; i < 6; i++) c.add({ role: "user", text: `第${i}个问题`.padEnd(40, "。") });
    const kept = JSON.parse(store.get("k")!);
    expect(kept.length).toBeLessThan(6);
    expect(kept.at(-1).text).toContain("第5个问题");
    quota = 0;
    c.add({ role: "user", text: "x" });
    expect(store.has("k")).toBe(false);
  });
});

describe("StreamingText", () => {
  it("writes thousands of deltas in one flush per frame", () => {
    const frames: (() => void)[] = [];
    let flushes = 0;
    const t = new StreamingText(
      () => flushes++,
      (cb) => frames.push(cb),
    );
    for (let i = 0; i < 5000; i++) t.append("二十个字符的一段答案文字。");
    expect(frames.length).toBe(1);
    expect(t.node.data).toBe("");
    frames.shift()!();
    expect(flushes).toBe(1);
    expect(t.node.data.length).toBe(5000 * 13);
    t.reset("替换");
    expect(t.text).toBe("替换");
  });
});
