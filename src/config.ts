import { z } from "zod";
import { ConfigError } from "./errors.ts";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

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
  WIDGET_ORIGINS: optionalString,
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(120),
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
  /** Set when an OpenAI-compatible embedding model is configured; the offline embedder is used otherwise. */
  embeddings: (OpenAIEndpoint & { dimensions: number | undefined; timeoutMs: number }) | null;
  widgetOrigins: string[];
  rateLimitPerMinute: number;
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
