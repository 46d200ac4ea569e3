import type pg from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RLWrapperTimeouts } from "rate-limiter-flexible";
import { hashIp } from "../feedback/log.ts";
import { memo } from "../memo.ts";
import type { RateLimiterFactory } from "./rate-limit.ts";

/**
 * A limit shared by every replica on one PostgreSQL server (rate-limiter-flexible's RateLimiterPostgres
 * over the question log's pool, table from migration 003). A slow or unreachable database never holds a
 * request: after timeoutMs each replica counts in memory until the database answers again. A client is
 * counted under the salted hash the question log stores for addresses (the salt every replica shares), so
 * no raw address reaches the table; the salt comes from that database too, so while it cannot be had
 * within timeoutMs the replica counts in memory (where the address never leaves the process).
 */
export function postgresRateLimiterFactory(
  pool: pg.Pool,
  options: { salt: () => Promise<string>; timeoutMs?: number },
): RateLimiterFactory {
  const timeoutMs = options.timeoutMs ?? 500;
  let hashed: { salt: string; hash: (key: string) => string } | null = null;
  /** The salted key, or null when the salt is not to be had within timeoutMs (a database down or slow). */
  const keyOf = async (key: string): Promise<string | null> => {
    const salt = hashed?.salt ?? (await withinMs(options.salt(), timeoutMs));
    if (salt === null) return null;
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
    const limiter = new RLWrapperTimeouts({ limiter: shared, timeoutMs, insuranceLimiter: insurance });
    return {
      consume: async (key: string) => {
        const salted = await keyOf(key);
        return salted === null ? insurance.consume(key) : limiter.consume(salted);
      },
    };
  };
}

/** The promise's value, or null when it rejects or takes longer than ms. */
function withinMs<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
    timer.unref();
  });
  return Promise.race([promise.catch(() => null), timeout]).finally(() => clearTimeout(timer));
}
