import type pg from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RLWrapperTimeouts } from "rate-limiter-flexible";
import { hashIp, memo } from "../feedback/log.ts";
import type { RateLimiterFactory } from "./rate-limit.ts";

/**
 * A limit shared by every replica on one PostgreSQL server (rate-limiter-flexible's RateLimiterPostgres
 * over the question log's pool, table from migration 003). A slow or unreachable database never holds a
 * request: after timeoutMs each replica counts in memory until the database answers again. A client is
 * counted under the salted hash the question log stores for addresses (the salt every replica shares), so
 * no raw address reaches the table.
 */
export function postgresRateLimiterFactory(
  pool: pg.Pool,
  options: { salt: () => Promise<string>; timeoutMs?: number },
): RateLimiterFactory {
  let hashed: { salt: string; hash: (key: string) => string } | null = null;
  const keyOf = async (key: string) => {
    const salt = await options.salt();
    if (hashed?.salt !== salt) hashed = { salt, hash: memo((k: string) => hashIp(k, salt)) };
    return hashed.hash(key);
  };
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
    const limiter = new RLWrapperTimeouts({ limiter: shared, timeoutMs: options.timeoutMs ?? 500, insuranceLimiter: insurance });
    return { consume: async (key: string) => limiter.consume(await keyOf(key)) };
  };
}
