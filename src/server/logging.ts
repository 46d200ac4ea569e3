import { createRequire } from "node:module";
import type { RequestHandler } from "express";
import { type DestinationStream, type Logger, type LoggerOptions, pino } from "pino";
import type { Config } from "../config.ts";
import { memo } from "../memo.ts";
import { maskPersonalData } from "../privacy/mask.ts";

/**
 * Credentials never reach a log line, whatever object is logged (a request with its headers, a client
 * library's error with its config).
 */
export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  "headers.authorization",
  "headers.cookie",
  'headers["set-cookie"]',
  "config.headers.Authorization",
  "err.config.headers.Authorization",
];

export function loggerOptions(config: Pick<Config, "logLevel">): LoggerOptions {
  return { level: config.logLevel, redact: { paths: REDACT_PATHS, censor: "[redacted]" } };
}

/**
 * Log lines are written to stdout in chunks of about this many bytes (under sonic-boom's 16 kB write size), and at
 * least this often. A write of 4 kB (one per ~22 request lines) was ~6% of the event loop's busy time in a CPU
 * profile of cached answers under load; one of 15 kB costs about the same per call, a quarter as often.
 */
export const LOG_CHUNK_BYTES = 15_000;
export const LOG_FLUSH_MS = 500;

/** Where chunks go: a sonic-boom (pino.destination) or anything with the same three methods. */
export interface ChunkSink {
  write(chunk: string): unknown;
  flush?(cb?: (err?: Error) => void): void;
  flushSync?(): void;
}

/**
 * Lines collected in an array and handed to `sink` as one string per ~`chunkBytes` (and at least every `flushMs`).
 * sonic-boom's own buffering (its minLength) appends each line to the pending chunk and measures that whole chunk
 * (Buffer.byteLength, which flattens it) on every write: ~7 kB flattened and scanned per request line at 15 kB
 * chunks, 7% of all the bytes a cached answer allocated. Here each line is measured alone, and joined once.
 * What is pending goes to the sink before it flushes (logger.flush) and at exit, a crash included, before pino's
 * own exit hook writes the sink out synchronously.
 */
export function chunkedLines(sink: ChunkSink, chunkBytes = LOG_CHUNK_BYTES, flushMs = LOG_FLUSH_MS): DestinationStream & ChunkSink {
  let lines: string[] = [];
  let bytes = 0;
  const hand = () => {
    if (lines.length === 0) return;
    const chunk = lines.length === 1 ? lines[0]! : lines.join("");
    lines = [];
    bytes = 0;
    sink.write(chunk);
  };
  setInterval(hand, flushMs).unref();
  // Before pino's exit hook (on-exit-leak-free, registered when the sink was made), which flushes the sink.
  process.prependListener("exit", hand);
  return {
    write(line: string) {
      lines.push(line);
      // UTF-16 length: a chunk's size need not be exact (a masked path may hold Chinese, a few bytes more).
      bytes += line.length;
      if (bytes >= chunkBytes) hand();
    },
    flush(cb?: (err?: Error) => void) {
      hand();
      if (sink.flush) sink.flush(cb);
      else cb?.();
    },
    flushSync() {
      hand();
      sink.flushSync?.();
    },
  };
}

/**
 * The server's logger: JSON lines (one per request), or pino-pretty's readable lines when stdout is a
 * terminal and pino-pretty (a dev dependency) is installed. Lines go to stdout in chunks (one write per
 * ~15 kB instead of one per request) and at least every half second; what is left is written when the
 * process exits, a crash included.
 */
export function createLogger(config: Pick<Config, "logLevel">, destination?: DestinationStream): Logger {
  if (destination) return pino(loggerOptions(config), destination);
  if (process.stdout.isTTY && hasPackage("pino-pretty")) {
    return pino({
      ...loggerOptions(config),
      transport: { target: "pino-pretty", options: { ignore: "pid,hostname,reqId", singleLine: true } },
    });
  }
  return pino(loggerOptions(config), chunkedLines(pino.destination({ dest: 1, sync: false })));
}

function hasPackage(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** Paths already masked (most requests go to a handful of paths): masking is ~9 µs a path, a lookup ~0. */
// Only in memory, never logged: the raw path is the key.
const maskedPath = memo(maskPath, 1000);

/** The path as logged: decoded, personal data masked, bounded; the query string (questions) is left out. */
export function loggedPath(url: string | undefined): string {
  const raw = url ?? "";
  const query = raw.indexOf("?");
  const path = query < 0 ? raw : raw.slice(0, query);
  if (path.length > 256) return maskPath(path);
  return maskedPath(path);
}

function maskPath(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Malformed %-escapes: mask the raw form.
  }
  const masked = maskPersonalData(decoded);
  return masked.length > 200 ? `${masked.slice(0, 200)}…` : masked;
}

declare module "http" {
  interface IncomingMessage {
    /** The server's logger (error lines name the request by its reqId). */
    log?: Logger;
    id?: number;
  }
}

/**
 * One compact line per request when its response ends: reqId, method, masked path without the query,
 * status, time in ms ("request completed"; "request aborted" when the client went first; "request
 * errored" at level error for a 5xx). No headers (neither the client's credentials nor our ~1.5 kB of
 * security headers), no body, no query string. The line is built when the response ends, from four
 * values, with no child logger per request (what pino-http did).
 */
export function requestLogging(logger: Logger, ignore: (url: string) => boolean = () => false): RequestHandler {
  let nextId = 0;
  // The request line is built here from four values that hold no credential and no personal data (the
  // path is masked), so it skips the redaction pass, which copies each line it checks (~3× the cost of the
  // line in a micro-benchmark). Everything else, req.log included, is still redacted.
  const lines = logger.child({}, { redact: [] });
  return (req, res, next) => {
    req.log = logger;
    if (ignore(req.url ?? "")) return next();
    const id = (nextId = (nextId + 1) & 0x7fffffff);
    req.id = id;
    const started = Date.now();
    const url = req.originalUrl ?? req.url;
    // on, not once: a response closes once, and once() wraps and later unhooks each listener.
    res.on("close", () => {
      const status = res.statusCode;
      const line = { reqId: id, req: { method: req.method, path: loggedPath(url) }, res: { status }, responseTime: Date.now() - started };
      if (status >= 500) lines.error(line, "request errored");
      else lines.info(line, !req.readableAborted && res.writableEnded ? "request completed" : "request aborted");
    });
    next();
  };
}
