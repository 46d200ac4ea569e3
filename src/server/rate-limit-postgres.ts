import type pg from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RLWrapperTimeouts } from "rate-limiter-flexible";
import type { RateLimiterFactory } from "./rate-limit.ts";

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
