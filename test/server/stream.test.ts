import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Assistant } from "../../src/answer/assistant.ts";
import { Answer } from "../../src/answer/schema.ts";
import { createApp, readyState } from "../../src/server/app.ts";
import { fixtureServer, listen, type FixtureServer } from "../helpers/fixture.ts";

interface SseEvent {
  event: string | null;
  data: string;
}

/** Splits a server-sent-events body into its events. */
function parseSse(body: string): SseEvent[] {
  return body
    .split("\n\n")
    .filter((block) => block.trim())
    .map((block) => {
      let event: string | null = null;
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
      }
      return { event, data: data.join("\n") };
    });
}

let server: FixtureServer;
let assistant: Assistant;
let base = "";

beforeAll(async () => {
  server = await fixtureServer();
  ({ assistant, url: base } = server);
});
afterAll(() => server.close());

const stream = (url: string, body: unknown, init: RequestInit = {}) =>
  fetch(`${url}/api/chat/stream`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), ...init });

describe("POST /api/chat/stream", () => {
  it("streams deltas that add up to the answer, then citations, then done", async () => {
    const res = await stream(base, { message: "电子印章公共服务平台由哪个部门负责？" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = parseSse(await res.text());
    const names = events.map((e) => e.event);
    const deltas = events.filter((e) => e.event === "v1.delta");
    expect(deltas.length).toBeGreaterThan(1);
    // Only deltas before the last two events, which are citations then done.
    expect(names.slice(0, -2).every((n) => n === "v1.delta")).toBe(true);
    expect(names.slice(-2)).toEqual(["v1.citations", "v1.done"]);

    const done = Answer.parse(JSON.parse(events.at(-1)!.data));
    const text = deltas.map((e) => (JSON.parse(e.data) as { text: string }).text).join("");
    expect(text).toBe(done.answer);
    expect(done.answer).toContain("区科委");

    const citations = JSON.parse(events.at(-2)!.data) as Pick<Answer, "citations" | "status" | "lang" | "mode">;
    expect(citations).toMatchObject({ status: "answered", lang: "zh", mode: "extractive" });
    expect(citations.citations.map((c) => c.id)).toEqual(done.citations.map((c) => c.id));
    expect(citations.citations[0]!.id).toBe("anting-2024:2");
    // The same answer as the non-streaming route.
    const plain = Answer.parse(
      await (
        await fetch(`${base}/api/chat`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ message: "电子印章公共服务平台由哪个部门负责？" }),
        })
      ).json(),
    );
    expect(done).toEqual(plain);
  });

  it("streams a refusal the same way", async () => {
    const events = parseSse(await (await stream(base, { message: "杭州的电子印章政策是什么？" })).text());
    expect(events.map((e) => e.event).slice(-2)).toEqual(["v1.citations", "v1.done"]);
    const done = Answer.parse(JSON.parse(events.at(-1)!.data));
    expect(done.status).toBe("not_found");
    expect(done.citations).toEqual([]);
  });

  it.each([
    ["an empty message", { message: "" }, 400],
    ["an unknown field", { message: "电子印章", stream: true }, 400],
    ["an uncovered district", { message: "电子印章由谁负责？", district: "普陀区" }, 400],
  ])("answers %s with a plain JSON error before streaming", async (_what, body, status) => {
    const res = await stream(base, body);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const err = (await res.json()) as { error: { status: number; path?: unknown[] } };
    expect(err.error.status).toBe(status);
  });

  it("answers invalid JSON with a plain 400", async () => {
    const res = await fetch(`${base}/api/chat/stream`, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_json");
  });
});

describe("a client that goes away", () => {
  it("does not crash the server, which notices and stops", async () => {
    // An assistant whose answer is long enough to take many writes, recording the signal it was given.
    const signals: AbortSignal[] = [];
    let waiting: () => void = () => {};
    const slow: Assistant = {
      ...assistant,
      async ask(input, options) {
        const signal = options instanceof AbortSignal ? options : options?.signal;
        if (signal) signals.push(signal);
        const answer = await assistant.ask(input, options);
        if (input.message.startsWith("slow"))
          await new Promise<void>((resolve) => ((waiting = resolve), setTimeout(resolve, 2000).unref()));
        return { ...answer, answer: "这是一段很长的回答，用来模拟流式输出。".repeat(4000) };
      },
    };
    const app = createApp({ state: readyState(slow), config: { widgetOrigins: [], rateLimitPerMinute: 1000 } });
    const server = await listen(app);
    try {
      // Leaves mid-stream, after the first delta.
      const controller = new AbortController();
      const res = await stream(server.url, { message: "电子印章由谁负责？" }, { signal: controller.signal });
      const reader = res.body!.getReader();
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value)).toContain("v1.delta");
      controller.abort();
      await reader.cancel().catch(() => {});
      await expect.poll(() => signals[0]?.aborted, { timeout: 2000 }).toBe(true);

      // Leaves before the answer is ready.
      const early = new AbortController();
      const pending = stream(server.url, { message: "slow 电子印章由谁负责？" }, { signal: early.signal });
      const headers = await pending;
      expect(headers.status).toBe(200);
      early.abort();
      await expect.poll(() => signals[1]?.aborted, { timeout: 2000 }).toBe(true);
      waiting();

      // The server still answers.
      const next = await fetch(`${server.url}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message: "企业注销需要几天？" }),
      });
      expect(next.status).toBe(200);
      const again = parseSse(await (await stream(server.url, { message: "企业注销需要几天？" })).text());
      expect(again.at(-1)!.event).toBe("v1.done");
    } finally {
      await server.close();
    }
  });

  it("the main server still answers after aborted streams", async () => {
    for (let i = 0; i < 3; i++) {
      const controller = new AbortController();
      const res = await stream(base, { message: "电子印章公共服务平台由哪个部门负责？" }, { signal: controller.signal });
      controller.abort();
      await res.body?.cancel().catch(() => {});
    }
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    const events = parseSse(await (await stream(base, { message: "企业注销需要几天？" })).text());
    expect(Answer.parse(JSON.parse(events.at(-1)!.data)).answer).toContain("5天");
  });
});
