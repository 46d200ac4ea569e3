import type { Answer, Citation } from "../../answer/schema.ts";
import { SseParser } from "./sse.ts";

/** What went wrong, as the user is told it; each kind has its own message and retry rule. */
export type FailureKind =
  | "offline"
  | "unreachable"
  | "origin"
  | "district"
  | "rate_limited"
  | "timeout"
  | "server"
  | "loading"
  | "bad_request";

export class ChatFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** Seconds to wait before retrying (from Retry-After). */
    readonly retryAfter: number | null = null,
    /** The HTTP status, when the server answered with one. */
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = "ChatFailure";
  }
}

export interface StreamHandlers {
  delta(text: string): void;
  /** The text so far failed its check; this replaces it. */
  replace(text: string, reason: string): void;
  citations(c: { citations: Citation[]; status?: Answer["status"]; lang?: Answer["lang"] }): void;
  done(answer: Answer): void;
}

export interface StreamOptions {
  url: string;
  body: unknown;
  /** Aborts the request (the user pressed stop). */
  signal?: AbortSignal;
  /** No response headers within this long is a timeout. */
  requestTimeoutMs?: number;
  /** No event for this long once the stream is open is a timeout. */
  idleTimeoutMs?: number;
  fetchImpl?: typeof fetch;
}

/** Seconds from a Retry-After header (seconds or an HTTP date). */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The failure an HTTP error status (and its `{error:{code,message,path}}` body) means. */
export function failureOf(status: number, body: unknown, retryAfter: string | null): ChatFailure {
  const error = (body as { error?: { code?: string; message?: string; path?: unknown[] } } | null)?.error;
  const message = error?.message ?? `HTTP ${status}`;
  if (status === 429) return new ChatFailure("rate_limited", message, retryAfterSeconds(retryAfter), status);
  if (status === 400 && error?.path?.[0] === "district") return new ChatFailure("district", message, null, status);
  if (status === 503) return new ChatFailure("loading", message, retryAfterSeconds(retryAfter) ?? 5, status);
  if (status >= 400 && status < 500) return new ChatFailure("bad_request", message, null, status);
  return new ChatFailure("server", message, null, status);
}

const isAbort = (err: unknown) => (err as { name?: string })?.name === "AbortError";

/**
 * POSTs a chat request to the streaming endpoint and dispatches its versioned events (v1.delta, v1.replace, v1.citations,
 * v1.done, v1.error). Every failure becomes a ChatFailure; a stop by the user rethrows the AbortError.
 */
export async function streamChat(options: StreamOptions, handlers: StreamHandlers): Promise<Answer> {
  const { requestTimeoutMs = 15000, idleTimeoutMs = 30000, fetchImpl = fetch } = options;
  const controller = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, ms);
  };
  const onStop = () => controller.abort();
  options.signal?.addEventListener("abort", onStop);
  if (options.signal?.aborted) controller.abort();
  const fail = (err: unknown): never => {
    if (timedOut) throw new ChatFailure("timeout", "timed out");
    if (isAbort(err) || options.signal?.aborted) throw err;
    if (err instanceof ChatFailure) throw err;
    const offline = typeof navigator !== "undefined" && navigator.onLine === false;
    throw new ChatFailure(offline ? "offline" : "unreachable", (err as Error)?.message ?? String(err));
  };
  try {
    arm(requestTimeoutMs);
    let res: Response;
    try {
      res = await fetchImpl(options.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify(options.body),
        signal: controller.signal,
      });
    } catch (err) {
      return fail(err);
    }
    if (!res.ok) {
      const body = await res.json().catch(() => null);
      throw failureOf(res.status, body, res.headers.get("Retry-After"));
    }
    if (!res.body) throw new ChatFailure("server", "empty response");
    arm(idleTimeoutMs);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (err) {
        return fail(err);
      }
      if (chunk.done) break;
      arm(idleTimeoutMs);
      for (const { event, data } of parser.feed(decoder.decode(chunk.value, { stream: true }))) {
        let payload: Record<string, unknown>;
        try {
          payload = JSON.parse(data);
        } catch {
          throw new ChatFailure("server", `malformed ${event} event`);
        }
        if (event === "v1.delta") handlers.delta(String(payload.text ?? ""));
        else if (event === "v1.replace") handlers.replace(String(payload.text ?? ""), String(payload.reason ?? ""));
        else if (event === "v1.citations") handlers.citations(payload as Parameters<StreamHandlers["citations"]>[0]);
        else if (event === "v1.done") {
          const answer = payload as unknown as Answer;
          handlers.done(answer);
          reader.cancel().catch(() => {});
          return answer;
        } else if (event === "v1.error") {
          const error = (payload.error ?? {}) as { status?: number };
          throw failureOf(error.status ?? 500, payload, null);
        }
      }
    }
    throw new ChatFailure("server", "the stream ended before the answer was complete");
  } catch (err) {
    return fail(err);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onStop);
  }
}
