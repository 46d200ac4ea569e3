import cors from "cors";
import express, { type Express } from "express";
import { rateLimit } from "express-rate-limit";
import helmet from "helmet";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import type { Assistant } from "../answer/assistant.ts";
import type { Config } from "../config.ts";
import { NotFoundError } from "../errors.ts";
import { errorHandler, NotReadyError, RateLimitedError, UnsupportedMediaTypeError } from "./errors.ts";
import { browseRoutes } from "./routes/browse.ts";
import { chatRoutes } from "./routes/chat.ts";
import { openAIRoutes } from "./routes/openai.ts";
import { searchRoutes } from "./routes/search.ts";
import type { Metrics } from "./metrics.ts";
import { flexibleRateLimit, type RateLimiterFactory } from "./ratelimit.ts";

/** What the routes need; the assistant exists once the index has loaded. */
export interface AppState {
  assistant(): Assistant;
  ready(): boolean;
}

export function readyState(assistant: Assistant | null = null) {
  let current = assistant;
  return {
    set(a: Assistant) {
      current = a;
    },
    assistant() {
      if (!current) throw new NotReadyError();
      return current;
    },
    ready: () => current !== null,
  };
}

export interface AppOptions {
  state: AppState;
  config: Pick<Config, "widgetOrigins" | "rateLimitPerMinute">;
  logger?: Logger;
  /** Extra routes (widget, console, static pages) mounted before the 404 handler. */
  extraRoutes?: express.Router[];
  /** Requests and latency by route (src/server/metrics.ts). */
  metrics?: Metrics;
  /** A rate-limiter-flexible store shared by replicas (PostgreSQL); express-rate-limit in memory otherwise. */
  rateLimiterFactory?: RateLimiterFactory;
}

export const MAX_BODY = "64kb";

/** Composes the HTTP API from its parts; all behaviour lives in the routes and the assistant. */
export function createApp({ state, config, logger, extraRoutes = [], metrics, rateLimiterFactory }: AppOptions): Express {
  const app = express();
  if (metrics) app.use(metrics.middleware);
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  if (logger) app.use(pinoHttp({ logger, autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/readyz" } }));
  app.use(
    helmet({
      crossOriginResourcePolicy: { policy: "same-site" },
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    }),
  );

  // Cross-origin use only from the configured widget origins; "*" opens the API to any page.
  const anyOrigin = config.widgetOrigins.includes("*");
  const corsPolicy = cors({
    origin: anyOrigin ? true : config.widgetOrigins.length ? config.widgetOrigins : false,
    methods: ["GET", "POST"],
    allowedHeaders: ["Content-Type", "Authorization"],
    maxAge: 600,
  });
  app.use(["/api", "/v1"], corsPolicy);
  const limitSpec = { points: config.rateLimitPerMinute, duration: 60, keyPrefix: "api" };
  app.use(
    ["/api", "/v1"],
    rateLimiterFactory
      ? flexibleRateLimit(rateLimiterFactory(limitSpec), limitSpec)
      : rateLimit({
          windowMs: 60_000,
          limit: config.rateLimitPerMinute,
          standardHeaders: "draft-8",
          legacyHeaders: false,
          // Through the error map, so /v1 clients get the 429 in OpenAI's shape like every other error.
          handler: (_req, _res, next) => next(new RateLimitedError()),
        }),
  );

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", (_req, res) => {
    if (!state.ready()) {
      res.status(503).json({ status: "loading" });
      return;
    }
    const { manifest } = state.assistant().index;
    res.json({
      status: "ready",
      plans: manifest.counts.plans,
      chunks: manifest.counts.chunks,
      embedder: manifest.embedder.id,
      llm: state.assistant().llmModel,
    });
  });

  // Only the API takes bodies; a POST anywhere else is simply not found.
  app.use(["/api", "/v1"], (req, _res, next) => {
    if (req.method === "POST" && !req.is("application/json")) return next(new UnsupportedMediaTypeError());
    next();
  });
  app.use(["/api", "/v1"], express.json({ limit: MAX_BODY }));

  app.use(chatRoutes(state), openAIRoutes(state), browseRoutes(state), searchRoutes(state), ...extraRoutes);
  app.use((req, _res, next) => next(new NotFoundError(`${req.method} ${req.path}`)));
  app.use(errorHandler);
  return app;
}
