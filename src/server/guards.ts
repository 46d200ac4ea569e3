import type { Request, RequestHandler } from "express";
import helmet from "helmet";
import { NotReadyError, OverloadedError } from "./errors.ts";

/** Routes that read the index: until it is ready they answer 503 with Retry-After. */
export const INDEX_ROUTES = ["/api/chat", "/api/search", "/api/plans", "/api/clauses", "/api/units", "/v1/chat/completions"];

/** Routes that compute an answer (retrieval, maybe an LLM call): these count against the concurrency bound. */
export const ANSWER_ROUTES = ["/api/chat", "/api/search", "/v1/chat/completions"];

export function requireReady(ready: () => boolean): RequestHandler {
  return (_req, _res, next) => next(ready() ? undefined : new NotReadyError());
}

/**
 * At most `max` answers at once; one more is refused at once (503, Retry-After: 1) instead of waiting in an
 * unbounded queue while every answer gets slower. A slot is freed when the response ends or the client goes.
 */
export function answerSlots(max: number): RequestHandler & { inUse: () => number } {
  let inUse = 0;
  const handler: RequestHandler = (_req, res, next) => {
    if (inUse >= max) return next(new OverloadedError());
    inUse++;
    // on, not once: a response closes once, and once() wraps and later unhooks each listener.
    res.on("close", () => inUse--);
    next();
  };
  return Object.assign(handler, { inUse: () => inUse });
}

/** Content types JSON clients send, as sent (compared before the full media-type parse of req.is). */
const JSON_TYPES = new Set([
  "application/json",
  "application/json; charset=utf-8",
  "application/json;charset=utf-8",
  "application/json; charset=UTF-8",
]);

/**
 * The request has a JSON body (what `req.is("application/json")` says): the usual exact headers are recognized
 * at once, anything else (other spellings, `+json` suffixes, parameters) goes through req.is.
 */
export function isJsonRequest(req: Request): boolean {
  const type = req.headers["content-type"];
  if (
    type !== undefined &&
    JSON_TYPES.has(type) &&
    (req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined)
  )
    return true;
  return Boolean(req.is("application/json"));
}

/**
 * Helmet's headers, computed once: helmet is run a single time against a recording response and its
 * header values are then set on every response, with no per-request directive building.
 */
export function staticSecurityHeaders(options: Parameters<typeof helmet>[0]): RequestHandler {
  const headers: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | string[]) => headers.push([name, String(value)]),
    removeHeader: (name: string) => removed.push(name),
  };
  helmet(options)({} as never, recorder as never, () => {});
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}

/**
 * Runs `handlers` in order as one middleware (one router layer instead of one per step: each layer costs a
 * path match and a trip through the router per request). An error stops the chain and goes to `next`.
 */
export function chain(...handlers: RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    let i = 0;
    const step = (err?: unknown) => {
      if (err) return next(err);
      const handler = handlers[i++];
      if (!handler) return next();
      try {
        const r = handler(req, res, step) as unknown;
        if (r instanceof Promise) r.catch(next);
      } catch (e) {
        next(e);
      }
    };
    step();
  };
}

/** `handler` for requests under one of `paths` (as app.use matches them: whole segments, any case), `next()` for others. */
export function onPaths(paths: string[], handler: RequestHandler): RequestHandler {
  const prefixes = paths.map((p) => p.toLowerCase());
  return (req, res, next) => {
    const path = (req.baseUrl + req.path).toLowerCase();
    if (prefixes.some((p) => path === p || path.startsWith(`${p}/`))) return handler(req, res, next);
    next();
  };
}
