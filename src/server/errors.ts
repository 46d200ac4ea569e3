import type { ErrorRequestHandler, Request } from "express";
import { z } from "zod";
import { AppError, BadRequestError, ConfigError, IndexMismatchError, NotFoundError } from "../errors.ts";

/** The one place where errors become HTTP statuses. No stack trace ever reaches a client. */
export interface HttpError {
  status: number;
  code: string;
  message: string;
  path?: (string | number)[];
  /** Seconds, sent as Retry-After (not ready yet, overloaded, rate limited). */
  retryAfter?: number;
}

export class UnsupportedMediaTypeError extends AppError {
  constructor() {
    super("unsupported_media_type", "requests must be sent as application/json");
  }
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds = 60) {
    super("rate_limited", "too many requests; slow down");
  }
}

export class NotReadyError extends AppError {
  constructor() {
    super("not_ready", "the index is still loading; try again in a moment");
  }
}

export class UnauthorizedError extends AppError {
  constructor() {
    super("unauthorized", "a valid bearer token is required");
  }
}

/** The question log's database cannot be reached (answers are still served; only the admin side needs it). */
export class DatabaseUnavailableError extends AppError {
  constructor() {
    super("database_unavailable", "the database is unavailable; try again shortly");
  }
}
/** More answers at once than the server computes; refused at once rather than queued. */
export class OverloadedError extends AppError {
  constructor() {
    super("overloaded", "the server is busy; try again in a moment");
  }
}

/** Seconds a client should wait while the index loads. */
export const NOT_READY_RETRY_AFTER = 5;

export function toHttpError(err: unknown): HttpError {
  if (err instanceof z.ZodError) {
    const issue = err.issues[0]!;
    const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
    return { status: 400, code: "invalid_request", message: `${path.join(".") || "body"}: ${issue.message}`, path };
  }
  if (err instanceof BadRequestError) return { status: 400, code: err.code, message: err.message, path: err.path };
  if (err instanceof UnauthorizedError) return { status: 401, code: err.code, message: err.message };
  if (err instanceof DatabaseUnavailableError) return { status: 503, code: err.code, message: err.message };
  if (err instanceof NotFoundError) return { status: 404, code: err.code, message: err.message };
  if (err instanceof UnsupportedMediaTypeError) return { status: 415, code: err.code, message: err.message };
  if (err instanceof RateLimitedError) return { status: 429, code: err.code, message: err.message, retryAfter: err.retryAfterSeconds };
  if (err instanceof NotReadyError) return { status: 503, code: err.code, message: err.message, retryAfter: NOT_READY_RETRY_AFTER };
  if (err instanceof OverloadedError) return { status: 503, code: err.code, message: err.message, retryAfter: 1 };
  if (err instanceof ConfigError || err instanceof IndexMismatchError)
    return { status: 500, code: err.code, message: "the server is misconfigured" };
  // body-parser's errors carry a status and a type.
  const e = err as { status?: number; type?: string };
  if (e?.type === "entity.too.large") return { status: 413, code: "payload_too_large", message: "the request body is too large" };
  if (e?.type === "entity.parse.failed") return { status: 400, code: "invalid_json", message: "the request body is not valid JSON" };
  if (e?.type === "encoding.unsupported" || e?.type === "charset.unsupported")
    return { status: 415, code: "unsupported_encoding", message: "unsupported body encoding" };
  if (typeof e?.status === "number" && e.status >= 400 && e.status < 500)
    return { status: e.status, code: "bad_request", message: "bad request" };
  return { status: 500, code: "internal_error", message: "internal error" };
}

/** OpenAI-compatible routes answer errors in OpenAI's shape so client libraries surface them. */
const isOpenAIRoute = (req: Request) => req.path.startsWith("/v1/");

/** An error in OpenAI's shape, as a response body or a stream chunk. */
export function openAIError(http: HttpError) {
  const type = http.status >= 500 ? "server_error" : http.status === 429 ? "rate_limit_error" : "invalid_request_error";
  return { error: { message: http.message, type, param: http.path?.join(".") ?? null, code: http.code } };
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const http = toHttpError(err);
  if (http.status >= 500) req.log?.error({ err, reqId: req.id }, "request failed");
  if (res.headersSent) return res.end();
  if (http.retryAfter) res.setHeader("Retry-After", String(http.retryAfter));
  const body = isOpenAIRoute(req) ? openAIError(http) : { error: http };
  res.status(http.status).json(body);
};
