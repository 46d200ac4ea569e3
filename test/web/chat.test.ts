import { describe, expect, it } from "vitest";
import { ChatFailure, failureOf, retryAfterSeconds, streamChat, type StreamHandlers } from "../../src/web/shared/chat.ts";

const answer = { answer: "最终", status: "answered", lang: "zh", mode: "extractive", citations: [] };
const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** A fetch that answers with the given chunks, one per read, optionally pausing before some. */
function fakeFetch(chunks: (string | { wait: number })[], init: ResponseInit = { status: 200 }): typeof fetch {
  return (async (_url: string, req: RequestInit) => {
    const enc = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        req.signal?.addEventListener("abort", () => controller.error(Object.assign(new Error("aborted"), { name: "AbortError" })));
        for (const c of chunks) {
          if (typeof c === "string") controller.enqueue(enc.encode(c));
          else await new Promise((r) => setTimeout(r, c.wait));
          if (req.signal?.aborted) return;
        }
        controller.close();
      },
    });
    return new Response(body, init);
  }) as typeof fetch;
}

function recorder() {
  const log: string[] = [];
  const handlers: StreamHandlers = {
    delta: (t) => log.push(`delta:${t}`),
    replace: (t, r) => log.push(`replace:${t}:${r}`),
    citations: () => log.push("citations"),
    done: () => log.push("done"),
  };
  return { log, handlers };
}

describe("streamChat", () => {
  it("dispatches deltas, a replacement, citations and the final answer in order", async () => {
    const { log, handlers } = recorder();
    const got = await streamChat(
      {
        url: "x",
        body: {},
        fetchImpl: fakeFetch([
          sse("v1.delta", { text: "模型" }),
          sse("v1.delta", { text: "乱说" }),
          sse("v1.replace", { text: "离线答案", reason: "citation_check" }),
          sse("v1.citations", { citations: [] }),
          sse("v1.done", answer),
        ]),
      },
      handlers,
    );
    expect(log).toEqual(["delta:模型", "delta:乱说", "replace:离线答案:citation_check", "citations", "done"]);
    expect(got.answer).toBe("最终");
  });

  it("turns an error event into the failure of its status", async () => {
    const { handlers } = recorder();
    const run = streamChat(
      { url: "x", body: {}, fetchImpl: fakeFetch([sse("v1.error", { error: { status: 500, code: "internal_error", message: "boom" } })]) },
      handlers,
    );
    await expect(run).rejects.toMatchObject({ kind: "server" });
  });

  it("says 429 with the wait from Retry-After, and a district the server rejects as a setup problem", async () => {
    const { handlers } = recorder();
    const limited = fakeFetch([JSON.stringify({ error: { status: 429, code: "rate_limited", message: "slow" } })], {
      status: 429,
      headers: { "Retry-After": "17" },
    });
    await expect(streamChat({ url: "x", body: {}, fetchImpl: limited }, handlers)).rejects.toMatchObject({
      kind: "rate_limited",
      retryAfter: 17,
    });
    const district = fakeFetch(
      [JSON.stringify({ error: { status: 400, code: "bad_request", message: "unknown district", path: ["district"] } })],
      { status: 400 },
    );
    await expect(streamChat({ url: "x", body: {}, fetchImpl: district }, handlers)).rejects.toMatchObject({ kind: "district" });
  });

  it("times out a stream that goes quiet, and a stream cut before v1.done is a server failure", async () => {
    const { log, handlers } = recorder();
    const quiet = fakeFetch([sse("v1.delta", { text: "a" }), { wait: 500 }, sse("v1.done", answer)]);
    await expect(streamChat({ url: "x", body: {}, fetchImpl: quiet, idleTimeoutMs: 80 }, handlers)).rejects.toMatchObject({
      kind: "timeout",
    });
    expect(log).toEqual(["delta:a"]);
    const cut = fakeFetch([sse("v1.delta", { text: "a" })]);
    await expect(streamChat({ url: "x", body: {}, fetchImpl: cut }, handlers)).rejects.toBeInstanceOf(ChatFailure);
  });

  it("a stop by the user is an abort, not a failure", async () => {
    const { handlers } = recorder();
    const stop = new AbortController();
    const run = streamChat(
      {
        url: "x",
        body: {},
        signal: stop.signal,
        fetchImpl: fakeFetch([sse("v1.delta", { text: "a" }), { wait: 300 }, sse("v1.done", answer)]),
      },
      handlers,
    );
    setTimeout(() => stop.abort(), 30);
    await expect(run).rejects.toMatchObject({ name: "AbortError" });
  });

  it("an unreachable server is said as such", async () => {
    const { handlers } = recorder();
    const down = (async () => {
      throw new TypeError("Failed to fetch");
    }) as typeof fetch;
    await expect(streamChat({ url: "x", body: {}, fetchImpl: down }, handlers)).rejects.toMatchObject({ kind: "unreachable" });
  });
});

describe("failureOf and Retry-After", () => {
  it("maps statuses to what the user is told", () => {
    expect(failureOf(503, null, null)).toMatchObject({ kind: "loading", retryAfter: 5 });
    expect(failureOf(413, null, null)).toMatchObject({ kind: "bad_request", status: 413 });
    expect(failureOf(502, null, null)).toMatchObject({ kind: "server" });
  });
  it("reads seconds and HTTP dates", () => {
    expect(retryAfterSeconds("30")).toBe(30);
    expect(retryAfterSeconds(new Date(Date.UTC(2026, 0, 1, 0, 1)).toUTCString(), Date.UTC(2026, 0, 1))).toBe(60);
    expect(retryAfterSeconds("soon")).toBeNull();
    expect(retryAfterSeconds(null)).toBeNull();
  });
});
