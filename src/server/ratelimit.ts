import type { NextFunction, Request, Response } from "express";
import type pg from "pg";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, RLWrapperTimeouts } from "rate-limiter-flexible";
import { RateLimitedError } from "./errors.ts";

export interface RateLimiterSpec {
  /** Requests allowed per window. */
  points: number;
  /** Window length in seconds. */
  duration: number;
  keyPrefix: string;
}

/** Makes the limiter of one bucket (the same shape as the hardening work's factory, so either can take the other's). */
export type RateLimiterFactory = (spec: RateLimiterSpec) => RateLimiterAbstract;

/**
 * A limit shared by every replica on one PostgreSQL server (rate-limiter-flexible's RateLimiterPostgres
 * over the question log's pool, table from migration 003). A slow or unreachable database never holds a
 * request: after timeoutMs each replica counts in memory until the database answers again.
 */
export function postgresRateLimiterFactory(pool: pg.Pool, options: { timeoutMs?: number } = {}): RateLimiterFactory {
  return (spec) => {
    const insurance = new RateLimiterMemory({ points: spec.points, duration: spec.duration, keyPrefix: spec.keyPrefix });
    const shared = new RateLimiterPostgres({
      storeClient: pool,
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true,
      points: spec.points,
      duration: spec.duration,
      keyPrefix: spec.keyPrefix,
      insuranceLimiter: insurance,
    });
    return new RLWrapperTimeouts({ limiter: shared, timeoutMs: options.timeoutMs ?? 500, insuranceLimiter: insurance });
  };
}

/** Express middleware over a rate-limiter-flexible limiter, keyed by client address; over the limit is a 429 through the error map. */
export function flexibleRateLimit(limiter: RateLimiterAbstract, spec: RateLimiterSpec) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const r = await limiter.consume(req.ip ?? "unknown");
      res.set("RateLimit-Policy", `${spec.points};w=${spec.duration}`);
      res.set("RateLimit", `limit=${spec.points}, remaining=${r.remainingPoints}, reset=${Math.ceil(r.msBeforeNext / 1000)}`);
      next();
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        res.set("Retry-After", String(Math.max(1, Math.ceil(err.msBeforeNext / 1000))));
        next(new RateLimitedError());
        return;
      }
      // The store and its insurance both failed: serve rather than refuse everyone.
      req.log?.warn({ err: (err as Error).message }, "rate limiter unavailable; request let through");
      next();
    }
  };
}
