import { createRequire } from "node:module";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type DestinationStream, type Logger, type LoggerOptions, pino } from "pino";
import { pinoHttp } from "pino-http";
import type { Config } from "../config.ts";
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
 * The server's logger: JSON lines (one per request), or pino-pretty's readable lines when stdout is a
 * terminal and pino-pretty (a dev dependency) is installed.
 */
export function createLogger(config: Pick<Config, "logLevel">, destination?: DestinationStream): Logger {
  if (destination) return pino(loggerOptions(config), destination);
  if (process.stdout.isTTY && hasPackage("pino-pretty")) {
    return pino({
      ...loggerOptions(config),
      transport: { target: "pino-pretty", options: { ignore: "pid,hostname,reqId", singleLine: true } },
    });
  }
  return pino(loggerOptions(config));
}

function hasPackage(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** The path as logged: decoded, personal data masked, bounded; the query string (questions) is left out. */
export function loggedPath(url: string | undefined): string {
  const path = (url ?? "").split("?")[0]!;
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Malformed %-escapes: mask the raw form.
  }
  const masked = maskPersonalData(decoded);
  return masked.length > 200 ? `${masked.slice(0, 200)}…` : masked;
}

/**
 * One compact line per request: method, masked path without the query, status, time. No headers (neither
 * the client's credentials nor our ~1.5 kB of security headers), no body, no query string.
 */
export function requestLogging(logger: Logger, ignore: (url: string) => boolean = () => false) {
  return pinoHttp<IncomingMessage, ServerResponse>({
    logger,
    quietReqLogger: true,
    wrapSerializers: false,
    autoLogging: { ignore: (req) => ignore(req.url ?? "") },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? "error" : "info"),
    serializers: {
      req: (req: IncomingMessage) => ({ method: req.method, path: loggedPath(req.url) }),
      res: (res: ServerResponse) => ({ status: res.statusCode }),
    },
  });
}
