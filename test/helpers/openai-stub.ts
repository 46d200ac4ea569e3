import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local, deliberately hostile stand-in for an OpenAI-protocol server, started by the test itself on
 * 127.0.0.1: it answers JSON or streams (the answerer always streams; a JSON reply is converted to chunks),
 * and it can send garbage, hang (before or after the headers), cut the socket, or stream megabytes.
 */

/** One request the stub received, with its JSON body parsed. */
export interface StubRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: ChatCompletionBody;
  /** Set when the client closed the connection before the stub finished its reply (it gave up or was cancelled). */
  closedByClient: boolean;
  /** Bytes of the reply body the stub managed to write. */
  bytesWritten: number;
}

export interface ChatCompletionBody {
  model?: string;
  messages: { role: string; content: string | null }[];
  tools?: { type: string; function: { name: string; parameters: Record<string, unknown> } }[];
  tool_choice?: unknown;
  stream?: boolean;
  [key: string]: unknown;
}

/** How a stream ends: properly ([DONE]), never (the socket stays open), or with the socket cut. */
export type StreamEnd = "done" | "hang" | "cut";

/** Decides what the stub does with a request. */
export type StubReply =
  /** A JSON reply; to a streaming request, a 200 reply is sent as chunks. */
  | { kind: "json"; status?: number; body: unknown }
  /** Server-sent events: each item is one `data:` payload (objects are JSON-encoded). */
  | { kind: "sse"; events: Iterable<unknown>; delayMs?: number; end?: StreamEnd }
  /** Anything at all, with a status and content type. */
  | { kind: "raw"; status?: number; contentType?: string; body: string }
  /** No reply at all. */
  | { kind: "hang" }
  /** The socket is destroyed without a reply. */
  | { kind: "cut" };

export type StubHandler = (req: StubRequest) => StubReply;

export interface OpenAIStub {
  port: number;
  baseURL: string;
  requests: StubRequest[];
  /** Sets how the next requests are answered (until set again). */
  reply(handler: StubHandler): void;
  close(): Promise<void>;
}

/** A chat-completions response whose single choice calls the given tool with these arguments. */
export function toolCall(args: unknown, name = "cited_answer"): StubReply {
  return {
    kind: "json",
    body: {
      id: "chatcmpl-stub",
      object: "chat.completion",
      created: 0,
      model: "stub",
      choices: [
        {
          index: 0,
          finish_reason: "tool_calls",
          logprobs: null,
          message: {
            role: "assistant",
            content: null,
            tool_calls: [
              { id: "call_stub", type: "function", function: { name, arguments: typeof args === "string" ? args : JSON.stringify(args) } },
            ],
          },
        },
      ],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    },
  };
}

const chunkOf = (delta: unknown, finish: string | null = null) => ({
  id: "chatcmpl-stub",
  object: "chat.completion.chunk",
  created: 0,
  model: "stub",
  choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
});

/** The chunks of a streamed tool call whose arguments arrive `piece` characters at a time. */
export function* toolCallChunks(args: unknown, piece = 8, name = "cited_answer"): Generator<unknown> {
  const text = typeof args === "string" ? args : JSON.stringify(args);
  yield chunkOf({
    role: "assistant",
    content: null,
    tool_calls: [{ index: 0, id: "call_stub", type: "function", function: { name, arguments: "" } }],
  });
  for (let i = 0; i < text.length; i += piece) {
    yield chunkOf({ tool_calls: [{ index: 0, function: { arguments: text.slice(i, i + piece) } }] });
  }
  yield chunkOf({}, "tool_calls");
}

/** A streamed tool call, optionally slow, and optionally never finished or cut off after its chunks. */
export function toolCallStream(args: unknown, options: { piece?: number; delayMs?: number; end?: StreamEnd } = {}): StubReply {
  return { kind: "sse", events: toolCallChunks(args, options.piece), delayMs: options.delayMs, end: options.end };
}

/** The streamed form of a JSON chat-completion body: tool calls as argument chunks, text as content chunks. */
function* chunksOfCompletion(body: unknown): Generator<unknown> {
  const message = (body as { choices?: { message?: { content?: string | null; tool_calls?: unknown[] } }[] })?.choices?.[0]?.message;
  const call = (message?.tool_calls?.[0] ?? null) as { function?: { name?: string; arguments?: string } } | null;
  if (call?.function) {
    yield* toolCallChunks(call.function.arguments ?? "", 8, call.function.name);
    return;
  }
  yield chunkOf({ role: "assistant", content: "" });
  const content = message?.content ?? "";
  for (let i = 0; i < content.length; i += 8) yield chunkOf({ content: content.slice(i, i + 8) });
  yield chunkOf({}, "stop");
}

/** The clause ids inside the <clauses> block of the last user message of a request. */
export function clauseIdsSent(req: StubRequest): string[] {
  const user = req.body.messages.filter((m) => m.role === "user").at(-1)?.content ?? "";
  const block = /<clauses>\n([\s\S]*)\n<\/clauses>/.exec(user)?.[1];
  if (!block) return [];
  return (JSON.parse(block) as { id: string }[]).map((r) => r.id);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes with backpressure; false once the client has gone. */
async function write(res: ServerResponse, request: StubRequest, text: string): Promise<boolean> {
  if (res.destroyed || request.closedByClient) return false;
  request.bytesWritten += Buffer.byteLength(text);
  if (!res.write(text)) {
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off("drain", done);
        res.off("close", done);
        resolve();
      };
      res.on("drain", done);
      res.on("close", done);
    });
  }
  return !res.destroyed && !request.closedByClient;
}

async function streamEvents(res: ServerResponse, request: StubRequest, reply: Extract<StubReply, { kind: "sse" }>) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.flushHeaders();
  for (const event of reply.events) {
    if (reply.delayMs) await sleep(reply.delayMs);
    if (!(await write(res, request, `data: ${typeof event === "string" ? event : JSON.stringify(event)}\n\n`))) return;
  }
  if (reply.end === "hang") return;
  if (reply.end === "cut") {
    res.socket?.destroy();
    return;
  }
  if (await write(res, request, "data: [DONE]\n\n")) res.end();
}

/** A request as the stub records it; it notes when the client closes the connection before the reply is done. */
export function stubRequest(req: IncomingMessage, res: ServerResponse, body: ChatCompletionBody): StubRequest {
  const request: StubRequest = {
    method: req.method ?? "",
    url: req.url ?? "",
    headers: req.headers,
    body,
    closedByClient: false,
    bytesWritten: 0,
  };
  res.on("close", () => {
    if (!res.writableFinished) request.closedByClient = true;
  });
  return request;
}

/** Sends a reply the way the stub does (a JSON reply to a streaming request goes out as chunks); for servers of their own. */
export async function sendStubReply(res: ServerResponse, request: StubRequest, reply: StubReply): Promise<void> {
  switch (reply.kind) {
    case "hang":
      return; // never answers: the client's timeout (or its cancellation) must end it
    case "cut":
      res.socket?.destroy();
      return;
    case "raw":
      res.writeHead(reply.status ?? 200, { "content-type": reply.contentType ?? "application/json" });
      if (await write(res, request, reply.body)) res.end();
      return;
    case "sse":
      await streamEvents(res, request, reply);
      return;
    case "json":
      if (request.body.stream && (reply.status ?? 200) === 200) {
        await streamEvents(res, request, { kind: "sse", events: chunksOfCompletion(reply.body) });
        return;
      }
      res.writeHead(reply.status ?? 200, { "content-type": "application/json" });
      if (await write(res, request, JSON.stringify(reply.body))) res.end();
  }
}

/** A local server speaking just enough of the OpenAI chat-completions protocol for the LLM answerer. */
export async function startOpenAIStub(
  initial: StubHandler = () => ({ kind: "json", status: 500, body: { error: { message: "no handler" } } }),
): Promise<OpenAIStub> {
  let handler = initial;
  const requests: StubRequest[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    let body: ChatCompletionBody;
    try {
      body = JSON.parse(raw) as ChatCompletionBody;
    } catch {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "bad json" } }));
      return;
    }
    const request = stubRequest(req, res, body);
    requests.push(request);
    await sendStubReply(res, request, handler(request));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    reply(h) {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
