import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAssistant, type Assistant } from "../../src/answer/assistant.ts";
import { createLlmAnswerer } from "../../src/answer/llm.ts";
import { Answer } from "../../src/answer/schema.ts";
import { loadConfig } from "../../src/config.ts";
import type { PolicyIndex } from "../../src/index/store.ts";
import type { CuratedAnswers } from "../../src/feedback/curated.ts";
import type { QuestionLog } from "../../src/feedback/log.ts";
import { withQuestionLog } from "../../src/feedback/wrap.ts";
import { createApp, readyState } from "../../src/server/app.ts";
import { fixtureIndex, listen } from "../helpers/fixture.ts";
import { startOpenAIStub, toolCall, toolCallStream, type OpenAIStub } from "../helpers/openai-stub.ts";

/** Every route with an LLM behind it: checked text, v1.replace, bounded answers, cancellation on disconnect. */

const QUESTION = "电子印章公共服务平台由哪个部门负责？";
const CAP = 1000;

let index: PolicyIndex;
let stub: OpenAIStub;
let offlineAnswer: Answer;
const servers: { url: string; close: () => Promise<void> }[] = [];
let base = "";
let cleanup = () => {};

async function serve(assistant: Assistant): Promise<string> {
  const served = await listen(createApp({ state: readyState(assistant), config: { widgetOrigins: [], rateLimitPerMinute: 10_000 } }));
  servers.push(served);
  return served.url;
}

beforeAll(async () => {
  const f = await fixtureIndex();
  index = f.index;
  cleanup = f.cleanup;
  stub = await startOpenAIStub();
  // A long LLM timeout: a request still open after a client left shows that nothing cancelled it.
  const config = loadConfig({
    OPENAI_API_KEY: "test",
    OPENAI_BASE_URL: stub.baseURL,
    CHAT_MODEL: "stub",
    LLM_TIMEOUT_MS: "10000",
    ANSWER_MAX_CHARS: String(CAP),
  });
  base = await serve(createAssistant(index, { llm: createLlmAnswerer(config.chat!), output: config.answer }));
  offlineAnswer = await createAssistant(index).ask({ message: QUESTION });
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await stub?.close();
  cleanup();
});
beforeEach(() => {
  stub.requests.length = 0;
});

interface TimedEvent {
  event: string | null;
  data: string;
  at: number;
}

/** Reads a server-sent-events body as it arrives, noting when each event came. */
async function readSse(res: Response): Promise<{ events: TimedEvent[]; bytes: number }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: TimedEvent[] = [];
  let buffer = "";
  let bytes = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event: string | null = null;
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
      }
      events.push({ event, data: data.join("\n"), at: Date.now() });
      end = buffer.indexOf("\n\n");
    }
  }
  return { events, bytes };
}

const post = (url: string, path: string, body: unknown, signal?: AbortSignal) =>
  fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal });

const deltasOf = (events: TimedEvent[]) =>
  events.filter((e) => e.event === "v1.delta").map((e) => (JSON.parse(e.data) as { text: string }).text);

describe("POST /api/chat/stream with an LLM", () => {
  it("streams the model's text as it is written, and ends with the same checked answer", async () => {
    const text = "电子印章公共服务平台由区科委负责（第2条），全区95%以上政府机关使用电子印章。";
    stub.reply(() => toolCallStream({ answer: text, citations: ["anting-2024:2"] }, { piece: 5, delayMs: 25 }));
    const { events } = await readSse(await post(base, "/api/chat/stream", { message: QUESTION }));
    const names = events.map((e) => e.event);
    expect(names).not.toContain("v1.replace");
    expect(names.slice(-2)).toEqual(["v1.citations", "v1.done"]);
    const done = Answer.parse(JSON.parse(events.at(-1)!.data));
    expect(done.mode).toBe("llm");
    expect(deltasOf(events).join("")).toBe(done.answer);
    // The first words were shown well before the model finished.
    const firstDelta = events.find((e) => e.event === "v1.delta")!;
    expect(events.at(-1)!.at - firstDelta.at).toBeGreaterThan(150);
  });

  it("replaces text that fails its check with the offline answer, in the same stream", async () => {
    stub.reply(() =>
      toolCallStream(
        { answer: "电子印章公共服务平台由区外星局负责，全区100%政府机关使用。", citations: ["anting-2024:2"] },
        { piece: 4, delayMs: 10 },
      ),
    );
    const { events } = await readSse(await post(base, "/api/chat/stream", { message: QUESTION }));
    const names = events.map((e) => e.event);
    const replaceAt = names.indexOf("v1.replace");
    expect(replaceAt).toBeGreaterThan(0);
    expect(deltasOf(events.slice(0, replaceAt)).join("")).toContain("区外星局");
    expect(names.slice(replaceAt)).toEqual(["v1.replace", "v1.citations", "v1.done"]);
    const replace = JSON.parse(events[replaceAt]!.data) as { text: string; reason: string };
    const done = Answer.parse(JSON.parse(events.at(-1)!.data));
    expect(replace).toEqual({ text: offlineAnswer.answer, reason: "llm_unsupported_unit" });
    expect(done).toMatchObject({ mode: "extractive", fallback: "llm_unsupported_unit", answer: offlineAnswer.answer });
  });

  it("never streams markup or outside links, even before the check", async () => {
    const text =
      '区科委负责<img src=x onerror="alert(1)">（第2条）<script>alert(2)</script>，见[指南](https://evil.example/g)![](https://t.example/p.gif)。';
    stub.reply(() => toolCallStream({ answer: text, citations: ["anting-2024:2"] }, { piece: 3 }));
    const { events } = await readSse(await post(base, "/api/chat/stream", { message: QUESTION }));
    const all = events.map((e) => e.data).join("\n");
    expect(all).not.toMatch(/<img|<script|onerror|evil\.example|t\.example/);
    expect(Answer.parse(JSON.parse(events.at(-1)!.data)).answer).toBe("区科委负责（第2条），见指南。");
  });

  it("bounds a 10 MB answer: the stream stays small and ends with the offline answer", async () => {
    const huge = "区科委负责电子印章平台。".repeat(850_000);
    stub.reply(() => toolCallStream({ answer: huge, citations: ["anting-2024:2"] }, { piece: 8192 }));
    const { events, bytes } = await readSse(await post(base, "/api/chat/stream", { message: QUESTION }));
    expect(bytes).toBeLessThan(CAP * 40);
    const shown = deltasOf(
      events.slice(
        0,
        events.findIndex((e) => e.event === "v1.replace"),
      ),
    ).join("");
    expect(shown.length).toBeLessThanOrEqual(CAP);
    expect(Answer.parse(JSON.parse(events.at(-1)!.data))).toMatchObject({ fallback: "llm_too_long", answer: offlineAnswer.answer });
  });
});

describe("/v1/chat/completions with an LLM", () => {
  let client: OpenAI;
  beforeAll(() => {
    client = new OpenAI({ baseURL: `${base}/v1`, apiKey: "x", maxRetries: 0, timeout: 10_000 });
  });

  it("streams only checked text: a failed answer is never shown, the offline one is", async () => {
    stub.reply(() => toolCallStream({ answer: "根据第999条，由区外星局负责。", citations: ["anting-2024:2"] }, { piece: 4 }));
    const stream = await client.chat.completions.create({
      model: "policy-assistant",
      messages: [{ role: "user", content: QUESTION }],
      stream: true,
    });
    let text = "";
    let last: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      last = chunk;
    }
    expect(text).toBe(offlineAnswer.answer);
    expect(text).not.toContain("外星");
    expect((last as { policy_assistant: unknown }).policy_assistant).toEqual({
      status: "answered",
      lang: "zh",
      mode: "extractive",
      fallback: "llm_unsupported_measure",
    });
  });

  it("answers without markup or outside links", async () => {
    stub.reply(() =>
      toolCall({
        answer: "区科委负责（第2条）<script>alert(1)</script>![](https://t.example/p.gif)[x](https://evil.example)。",
        citations: ["anting-2024:2"],
      }),
    );
    const completion = await client.chat.completions.create({ model: "policy-assistant", messages: [{ role: "user", content: QUESTION }] });
    expect(completion.choices[0]!.message.content).toBe("区科委负责（第2条）x。");
  });
});

describe("the length cap on every route", () => {
  const MAX = 60;
  let capped = "";
  beforeAll(async () => {
    capped = await serve(createAssistant(index, { output: { maxChars: MAX, linkOrigins: [] } }));
    expect(offlineAnswer.answer.length).toBeGreaterThan(MAX);
  });

  it("/api/chat", async () => {
    const a = Answer.parse(await (await post(capped, "/api/chat", { message: QUESTION })).json());
    expect(a.answer.length).toBeLessThanOrEqual(MAX);
  });

  it("/api/chat/stream, deltas and done alike", async () => {
    const { events } = await readSse(await post(capped, "/api/chat/stream", { message: QUESTION }));
    expect(deltasOf(events).join("").length).toBeLessThanOrEqual(MAX);
    expect(Answer.parse(JSON.parse(events.at(-1)!.data)).answer.length).toBeLessThanOrEqual(MAX);
  });

  it("/v1/chat/completions, plain and streamed", async () => {
    const client = new OpenAI({ baseURL: `${capped}/v1`, apiKey: "x", maxRetries: 0 });
    const messages = [{ role: "user" as const, content: QUESTION }];
    const plain = await client.chat.completions.create({ model: "policy-assistant", messages });
    expect(plain.choices[0]!.message.content!.length).toBeLessThanOrEqual(MAX);
    let text = "";
    for await (const chunk of await client.chat.completions.create({ model: "policy-assistant", messages, stream: true })) {
      text += chunk.choices[0]?.delta.content ?? "";
    }
    expect(text).toBe(plain.choices[0]!.message.content);
  });
});

describe("a curated answer, served by the question-log wrapper around ask()", () => {
  const MAX = 300;
  let wrapped = "";
  beforeAll(async () => {
    const inner = createAssistant(index, { output: { maxChars: MAX, linkOrigins: [] } });
    // The real wrapper, with a curated answer for every question and a log that keeps nothing.
    const curated = {
      answerFor: () => ({
        id: 1,
        answer: {
          ...offlineAnswer,
          mode: "curated" as const,
          answer: `<b>请</b>见<a href="https://evil.example">指南</a>![](https://t.example/p.gif)<script>alert(1)</script>${"很长的说明。".repeat(500)}`,
        },
      }),
    } as unknown as CuratedAnswers;
    const log = { newAnswerId: () => "a1", record: () => {} } as unknown as QuestionLog;
    wrapped = await serve(withQuestionLog(inner, { log, curated }));
  });

  it.each(["/api/chat", "/v1/chat/completions"])("is sanitized and capped on %s", async (path) => {
    const body = path === "/api/chat" ? { message: QUESTION } : { messages: [{ role: "user", content: QUESTION }] };
    const json = (await (await post(wrapped, path, body)).json()) as { answer?: string; choices?: { message: { content: string } }[] };
    const text = json.answer ?? json.choices![0]!.message.content;
    expect(text.startsWith("请见指南很长的说明。")).toBe(true);
    expect(text).not.toMatch(/<|evil|t\.example/);
    expect(text.length).toBeLessThanOrEqual(MAX);
  });

  it("is sanitized and capped on /api/chat/stream", async () => {
    const { events } = await readSse(await post(wrapped, "/api/chat/stream", { message: QUESTION }));
    const done = Answer.parse(JSON.parse(events.at(-1)!.data));
    expect(deltasOf(events).join("")).toBe(done.answer);
    expect(done.answer.startsWith("请见指南")).toBe(true);
    expect(done.answer.length).toBeLessThanOrEqual(MAX);
  });
});

describe("a client that disconnects cancels the LLM request", () => {
  it.each([
    ["/api/chat", { message: QUESTION }],
    ["/api/chat/stream", { message: QUESTION }],
    ["/v1/chat/completions", { messages: [{ role: "user", content: QUESTION }] }],
    ["/v1/chat/completions", { messages: [{ role: "user", content: QUESTION }], stream: true }],
  ])("on %s %j", async (path, body) => {
    stub.reply(() => ({ kind: "hang" }));
    const controller = new AbortController();
    const pending = post(base, path, body, controller.signal).then(
      (res) => res.text(),
      () => "",
    );
    await expect.poll(() => stub.requests.length, { timeout: 3000 }).toBe(1);
    const left = Date.now();
    controller.abort();
    await pending.catch(() => {});
    // Far sooner than the 10 s LLM timeout.
    await expect.poll(() => stub.requests[0]!.closedByClient, { timeout: 1000 }).toBe(true);
    expect(Date.now() - left).toBeLessThan(1000);
    // The server is fine afterwards.
    stub.reply(() => toolCall({ answer: "区科委负责（第2条）。", citations: ["anting-2024:2"] }));
    const next = Answer.parse(await (await post(base, "/api/chat", { message: QUESTION })).json());
    expect(next.mode).toBe("llm");
  });
});
