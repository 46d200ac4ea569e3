import { isIPv4, isIPv6 } from "node:net";
import type { Request, RequestHandler } from "express";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { memo } from "../memo.ts";
import { RateLimitedError } from "./errors.ts";

/** What a limiter is asked for: a key prefix per bucket, so buckets never share counts in a shared store. */
export interface RateLimiterSpec {
  keyPrefix: string;
  points: number;
  /** Seconds. */
  duration: number;
}

/**
 * Makes the limiter of one bucket. The default keeps counts in this process (RateLimiterMemory); several
 * replicas serving one district pass a factory for a shared store instead, e.g.
 * `(spec) => new RateLimiterPostgres({ ...spec, storeClient: pool, tableName: "rate_limits" })`.
 */
/** A limiter counts a key and rejects with RateLimiterRes past its points (rate-limiter-flexible's contract). */
export type RateLimiter = Pick<RateLimiterAbstract, "consume">;
export type RateLimiterFactory = (spec: RateLimiterSpec) => RateLimiter;

export const memoryRateLimiter: RateLimiterFactory = (spec) => new RateLimiterMemory(spec);

export type RateLimitBucket = "public" | "console";

/** The operator console's lookups; the widget and API clients ask through /api/chat and /v1. */
const CONSOLE_ROUTES = /^\/api\/(?:search|plans|clauses|units)(?:\/|$)/;

/**
 * Which limit a request counts against: the operator console (a call centre, many operators behind one
 * address) has its own, higher limit — its lookups, and questions it sends with `channel: "console"`.
 */
export function rateLimitBucket(req: Request): RateLimitBucket {
  if ((req.body as { channel?: unknown } | undefined)?.channel === "console") return "console";
  return req.method === "GET" && CONSOLE_ROUTES.test(req.baseUrl + req.path) ? "console" : "public";
}

/**
 * The key a client is counted under: its address as Express derives it (req.ip follows TRUST_PROXY, so
 * a forged X-Forwarded-For from an untrusted client changes nothing), IPv4-mapped IPv6 as IPv4, and
 * IPv6 by its /64, which one subscriber usually holds whole.
 */
export function clientKey(ip: string | undefined): string {
  if (!ip) return "unknown";
  const address = ip.split("%")[0]!;
  if (address.startsWith("::ffff:") && isIPv4(address.slice(7))) return address.slice(7);
  if (!isIPv6(address)) return address;
  const [head = "", tail] = address.split("::");
  const groups = head ? head.split(":") : [];
  if (tail !== undefined) {
    const rest = tail ? tail.split(":") : [];
    groups.push(...Array<string>(Math.max(0, 8 - groups.length - rest.length)).fill("0"), ...rest);
  }
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}

/** Keys of addresses seen lately (most requests come from a few): clientKey's address checks are ~2 µs, a lookup ~0. Only in memory, never logged or stored. */
const knownKey = memo(clientKey, 1000);

function knownClientKey(ip: string | undefined): string {
  return ip ? knownKey(ip) : clientKey(ip);
}

export interface RateLimitOptions {
  publicPerMinute: number;
  consolePerMinute: number;
  factory?: RateLimiterFactory;
  /** A shared store that fails lets requests through (the service stays up) and is reported here. */
  onStoreError?: (err: Error) => void;
}

/** Per-client limits per minute, answered past the limit with 429 and Retry-After through the error map. */
export function rateLimiting({
  publicPerMinute,
  consolePerMinute,
  factory = memoryRateLimiter,
  onStoreError,
}: RateLimitOptions): RequestHandler {
  const limits: Record<RateLimitBucket, { limiter: RateLimiter; policy: string }> = {
    public: {
      limiter: factory({ keyPrefix: "rl-public", points: publicPerMinute, duration: 60 }),
      policy: `"public";q=${publicPerMinute};w=60`,
    },
    console: {
      limiter: factory({ keyPrefix: "rl-console", points: consolePerMinute, duration: 60 }),
      policy: `"console";q=${consolePerMinute};w=60`,
    },
  };
  return (req, res, next) => {
    const bucket = rateLimitBucket(req);
    const { limiter, policy } = limits[bucket];
    limiter.consume(knownClientKey(req.ip)).then(
      (r) => {
        res.setHeader("RateLimit-Policy", policy);
        res.setHeader("RateLimit", `"${bucket}";r=${r.remainingPoints};t=${Math.ceil(r.msBeforeNext / 1000)}`);
        next();
      },
      (r: unknown) => {
        if (!(r instanceof RateLimiterRes)) {
          onStoreError?.(r as Error);
          return next();
        }
        res.setHeader("RateLimit-Policy", policy);
        res.setHeader("RateLimit", `"${bucket}";r=0;t=${Math.ceil(r.msBeforeNext / 1000)}`);
        next(new RateLimitedError(Math.max(1, Math.ceil(r.msBeforeNext / 1000))));
      },
    );
  };
}
