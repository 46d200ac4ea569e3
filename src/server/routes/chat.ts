import { type IRouter, Router } from "express";
import { reconcile } from "../../answer/check.ts";
import { ChatRequest } from "../schemas.ts";
import { sendJson } from "../respond.ts";
import { abortOnClose, closedEarly, openEventStream, textDeltas } from "../sse.ts";
import { toHttpError } from "../errors.ts";
import type { AppState } from "../app.ts";

/** Version of the stream's event types; a client can refuse a stream it does not know. */
export const STREAM_VERSION = "v1";

/** The chat routes, on `router` (createApp passes the app itself) or on a router of their own. */
export function chatRoutes(state: AppState, router: IRouter = Router()): IRouter {
  router.post("/api/chat", async (req, res) => {
    const body = ChatRequest.parse(req.body);
    const assistant = state.assistant();
    // Only an LLM request can be cancelled; an offline answer is computed at once, so it gets no signal
    // (an AbortController costs ~4 µs, a tenth of what a cached answer costs beyond a hello-world).
    const signal = assistant.llmModel ? abortOnClose(res) : undefined;
    const gone = signal ? () => signal.aborted : closedEarly(res);
    try {
      const answer = await assistant.ask({ ...body, channel: body.channel ?? "api", clientIp: req.ip }, { signal });
      // Already sanitized and capped: ask() finalizes every answer, curated ones included (Assistant.finalize).
      sendJson(res, answer);
    } catch (err) {
      // The client went away: the answer (and its LLM request) was cancelled and nobody is listening.
      if (gone()) return;
      throw err;
    }
  });

  // Events: v1.delta {text} … [v1.replace {text, reason}] v1.citations {citations, status, lang, mode} → v1.done {answer};
  // or v1.error {error}. With an LLM, deltas carry its text as it is written; when the finished text fails its
  // checks (or sanitizing changed what was shown), v1.replace says "discard the text so far and show this".
  router.post("/api/chat/stream", async (req, res) => {
    const body = ChatRequest.parse(req.body);
    const assistant = state.assistant();
    // Input the assistant rejects (an uncovered district) is a plain 400, not an error event in a 200 stream.
    assistant.understand(body);
    const stream = openEventStream(req, res);
    let sent = "";
    try {
      const answer = await assistant.ask(
        { ...body, channel: body.channel ?? "api", clientIp: req.ip },
        {
          signal: stream.signal,
          onDelta: (text) => {
            sent += text;
            stream.send(`${STREAM_VERSION}.delta`, { text });
          },
        },
      );
      const end = reconcile(sent, answer.answer);
      if (end.kind === "replace") {
        stream.send(`${STREAM_VERSION}.replace`, { text: end.text, reason: answer.fallback ?? "sanitized" });
      } else {
        for (const text of textDeltas(end.text)) {
          if (stream.signal.aborted) return;
          stream.send(`${STREAM_VERSION}.delta`, { text });
          await new Promise((r) => setImmediate(r));
        }
      }
      stream.send(`${STREAM_VERSION}.citations`, {
        citations: answer.citations,
        status: answer.status,
        lang: answer.lang,
        mode: answer.mode,
      });
      stream.send(`${STREAM_VERSION}.done`, answer);
    } catch (err) {
      if (stream.signal.aborted) return;
      const http = toHttpError(err);
      stream.send(`${STREAM_VERSION}.error`, { error: { status: http.status, code: http.code, message: http.message } });
    } finally {
      stream.end();
    }
  });

  return router;
}
