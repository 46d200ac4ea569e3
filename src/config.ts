import { existsSync } from "node:fs";
import { z } from "zod";
import { ConfigError } from "./errors.ts";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

/**
 * A time zone ICU knows. The list of canonical names first: the first Intl.DateTimeFormat of a process loads
 * ICU's date-format data (50–100 ms of a start here), which nothing else on the way to ready needs; aliases
 * (UTC, Asia/Calcutta…) are not on that list and are still tried with it.
 */
function isTimeZone(tz: string): boolean {
  if (Intl.supportedValuesOf("timeZone").includes(tz)) return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Every setting the program reads from the environment, validated once at start-up and passed down. */
export const ConfigSchema = z.object({
  CORPUS_DIR: z.string().default("corpus"),
  DATA_DIR: z.string().default("data"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: optionalString,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  CHAT_MODEL: optionalString,
  EMBEDDING_MODEL: optionalString,
  EMBEDDING_BASE_URL: optionalString.pipe(z.url().optional()),
  EMBEDDING_DIMENSIONS: z.coerce.number().int().positive().optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(20000),
  /** Longest answer text on every route and stream, in characters. */
  ANSWER_MAX_CHARS: z.coerce.number().int().min(200).max(100_000).default(4000),
  /** Origins that links and images in answers may point to (comma-separated); none by default. */
  ANSWER_LINK_ORIGINS: optionalString,
  /** Offline answers kept per loaded index (src/server/answer-cache.ts); 0 turns the cache off. */
  ANSWER_CACHE_ENTRIES: z.coerce.number().int().min(0).default(1000),
  WIDGET_ORIGINS: optionalString,
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(120),
  // Question log, feedback, curated answers, report (src/feedback, src/db).
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
  ),
  ADMIN_TOKEN: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  METRICS_TOKEN: optionalString,
  LOG_RETENTION_DAYS: z.coerce.number().int().positive().default(180),
  IP_HASH_SALT: optionalString,
  CURATED_REFRESH_MS: z.coerce.number().int().min(100).default(2000),
  REPORT_TIMEZONE: z.string().default("Asia/Shanghai").refine(isTimeZone, "must be an IANA time zone such as Asia/Shanghai"),
  WRITE_QUEUE_CAPACITY: z.coerce.number().int().positive().default(10000),
  RATE_LIMIT_STORE_TIMEOUT_MS: z.coerce.number().int().positive().default(500),
  CONSOLE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(1200),
  TRUST_PROXY: optionalString,
  MAX_CONCURRENT_ANSWERS: z.coerce.number().int().positive().default(64),
  DRAIN_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
  HEADERS_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(10000),
  INDEX_BUILD_MAX_MB: z.coerce.number().int().positive().default(2048),
});
export type Env = z.infer<typeof ConfigSchema>;

export interface OpenAIEndpoint {
  apiKey: string;
  baseURL: string | undefined;
  model: string;
}

export interface Config {
  corpusDir: string;
  dataDir: string;
  port: number;
  host: string | undefined;
  logLevel: Env["LOG_LEVEL"];
  /** Set when an OpenAI-compatible chat model is configured; the offline composer is used otherwise. */
  chat: (OpenAIEndpoint & { timeoutMs: number }) | null;
  /** What every answer is held to on its way out (src/answer/check.ts). */
  answer: { maxChars: number; linkOrigins: string[] };
  /** How many offline answers the server keeps per loaded index (0: none). */
  answerCacheEntries: number;
  /** Set when an OpenAI-compatible embedding model is configured; the offline embedder is used otherwise. */
  embeddings: (OpenAIEndpoint & { dimensions: number | undefined; timeoutMs: number }) | null;
  widgetOrigins: string[];
  /** Per client and minute, for the public widget and API clients, and (higher) for the operator console. */
  rateLimitPerMinute: number;
  /** A PostgreSQL server shared by replicas; the embedded PGlite database in DATA_DIR/db when unset. */
  databaseUrl: string | undefined;
  /** Bearer token for /admin and /api/admin; the admin side is off when unset. */
  adminToken: string | undefined;
  /** Bearer token for /metrics when set; open otherwise. */
  metricsToken: string | undefined;
  questionLog: {
    retentionDays: number;
    /** Salt of the client-address hash; when unset one is made and kept in the database. */
    ipHashSalt: string | undefined;
    curatedRefreshMs: number;
    reportTimeZone: string;
    queueCapacity: number;
    /** How long a request waits for the shared rate-limit store before counting in memory. */
    rateLimitStoreTimeoutMs: number;
  };
  consoleRateLimitPerMinute: number;
  /** Which proxies' X-Forwarded-For is believed (Express "trust proxy"): none, a hop count, or addresses/subnets. */
  trustProxy: TrustProxy;
  /** Answers computed at once; beyond this a request gets a fast 503 instead of waiting in a queue. */
  maxConcurrentAnswers: number;
  /** How long shutdown waits for in-flight answers and streams (longer than the LLM timeout by default). */
  drainTimeoutMs: number;
  /** A client must send its request headers, and its whole request, within these. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** Heap limit of the process that builds the index, so a pathological corpus cannot take the machine. */
  indexBuildMaxMb: number;
}

export type TrustProxy = false | number | string[];

/** TRUST_PROXY: unset (trust no proxy), a hop count ("1"), or a comma list of addresses, subnets or "loopback". */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  if (!value || value === "false" || value === "0") return false;
  if (/^\d+$/.test(value)) return Number(value);
  // "true" would believe any client's X-Forwarded-For, which is exactly what must not happen.
  if (value === "true") throw new ConfigError("TRUST_PROXY: give a hop count or the proxies' addresses, not true");
  return value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Loads `.env` from the working directory when there is one; variables already set in the environment win. */
export function loadDotEnv(file = ".env"): boolean {
  if (!existsSync(file)) return false;
  process.loadEnvFile(file);
  return true;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`invalid configuration: ${detail}`);
  }
  const e = parsed.data;
  // Local OpenAI-compatible servers often need no key; the client library still wants one.
  const apiKey = e.OPENAI_API_KEY ?? (e.OPENAI_BASE_URL || e.EMBEDDING_BASE_URL ? "not-needed" : undefined);
  return {
    corpusDir: e.CORPUS_DIR,
    dataDir: e.DATA_DIR,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    chat: apiKey && e.CHAT_MODEL ? { apiKey, baseURL: e.OPENAI_BASE_URL, model: e.CHAT_MODEL, timeoutMs: e.LLM_TIMEOUT_MS } : null,
    answer: { maxChars: e.ANSWER_MAX_CHARS, linkOrigins: linkOrigins(e.ANSWER_LINK_ORIGINS) },
    answerCacheEntries: e.ANSWER_CACHE_ENTRIES,
    embeddings:
      apiKey && e.EMBEDDING_MODEL
        ? {
            apiKey,
            baseURL: e.EMBEDDING_BASE_URL ?? e.OPENAI_BASE_URL,
            model: e.EMBEDDING_MODEL,
            dimensions: e.EMBEDDING_DIMENSIONS,
            timeoutMs: e.LLM_TIMEOUT_MS,
          }
        : null,
    widgetOrigins: (e.WIDGET_ORIGINS ?? "")
      .split(",")
      .map((o) => o.trim())
      .filter(Boolean),
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    databaseUrl: e.DATABASE_URL,
    adminToken: e.ADMIN_TOKEN,
    metricsToken: e.METRICS_TOKEN,
    questionLog: {
      retentionDays: e.LOG_RETENTION_DAYS,
      ipHashSalt: e.IP_HASH_SALT,
      curatedRefreshMs: e.CURATED_REFRESH_MS,
      reportTimeZone: e.REPORT_TIMEZONE,
      queueCapacity: e.WRITE_QUEUE_CAPACITY,
      rateLimitStoreTimeoutMs: e.RATE_LIMIT_STORE_TIMEOUT_MS,
    },
    consoleRateLimitPerMinute: e.CONSOLE_RATE_LIMIT_PER_MINUTE,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    maxConcurrentAnswers: e.MAX_CONCURRENT_ANSWERS,
    drainTimeoutMs: e.DRAIN_TIMEOUT_MS ?? e.LLM_TIMEOUT_MS + 10_000,
    headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: Math.max(e.REQUEST_TIMEOUT_MS, e.HEADERS_TIMEOUT_MS),
    indexBuildMaxMb: e.INDEX_BUILD_MAX_MB,
  };
}

function linkOrigins(list: string | undefined): string[] {
  const origins = (list ?? "")
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  for (const o of origins) {
    let url: URL | null = null;
    try {
      url = new URL(o);
    } catch {}
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.origin !== o.replace(/\/$/, "")) {
      throw new ConfigError(`invalid configuration: ANSWER_LINK_ORIGINS: "${o}" is not an origin like https://www.example.gov.cn`);
    }
  }
  return origins.map((o) => new URL(o).origin);
}
