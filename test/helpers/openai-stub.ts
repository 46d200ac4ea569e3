import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the stub received, with its JSON body parsed. */
export interface StubRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: ChatCompletionBody;
}

export interface ChatCompletionBody {
  model?: string;
  messages: { role: string; content: string | null }[];
  tools?: { type: string; function: { name: string; parameters: Record<string, unknown> } }[];
  tool_choice?: unknown;
  [key: string]: unknown;
}

/** Decides what the stub does with a request: a JSON reply, an HTTP error, or no reply at all. */
export type StubReply = { kind: "json"; status?: number; body: unknown } | { kind: "hang" };

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

/** The clause ids inside the <clauses> block of the last user message of a request. */
export function clauseIdsSent(req: StubRequest): string[] {
  const user = req.body.messages.filter((m) => m.role === "user").at(-1)?.content ?? "";
  const block = /<clauses>\n([\s\S]*)\n<\/clauses>/.exec(user)?.[1];
  if (!block) return [];
  return (JSON.parse(block) as { id: string }[]).map((r) => r.id);
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
    const request: StubRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
    requests.push(request);
    const reply = handler(request);
    if (reply.kind === "hang") return; // never answers: the client's timeout must fire
    res.writeHead(reply.status ?? 200, { "content-type": "application/json" }).end(JSON.stringify(reply.body));
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
