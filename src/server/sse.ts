import type { Request, Response } from "express";

/**
 * A signal that fires when the client goes away before its response is finished, for every route
 * (streaming or not): the answer, and the LLM request behind it, is cancelled instead of running to its timeout.
 */
export function abortOnClose(res: Response): AbortSignal {
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** True once the client has gone away before its response was finished (what abortOnClose's signal says, without a signal). */
export function closedEarly(res: Response): () => boolean {
  let gone = false;
  // on, not once: a response closes once.
  res.on("close", () => {
    gone = !res.writableFinished;
  });
  return () => gone;
}

/** Opens a server-sent-events response, with a signal that fires when the client goes away. */
export function openEventStream(
  _req: Request,
  res: Response,
): { send: (event: string | null, data: unknown) => void; signal: AbortSignal; end: () => void } {
  const signal = abortOnClose(res);
  res.status(200).set({
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-cache, no-transform",
    Connection: "keep-alive",
    "X-Accel-Buffering": "no",
  });
  res.flushHeaders();
  return {
    signal,
    send(event, data) {
      if (signal.aborted) return;
      res.write(`${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
    },
    end: () => res.end(),
  };
}

/** Splits an answer into the pieces a stream sends, at sentence and clause marks, so text appears as it reads. */
export function textDeltas(text: string, size = 24): string[] {
  const pieces = text.match(/[^。；，！？\n.;,!?]*[。；，！？\n.;,!?]?/g)?.filter(Boolean) ?? [text];
  const out: string[] = [];
  for (const p of pieces) {
    for (let i = 0; i < p.length; i += size) out.push(p.slice(i, i + size));
  }
  return out;
}
