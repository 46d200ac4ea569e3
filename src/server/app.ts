import cors from "cors";
import express, { type Express } from "express";
import type { Logger } from "pino";
import type { Assistant } from "../answer/assistant.ts";
import { type Config, loadConfig } from "../config.ts";
import { NotFoundError } from "../errors.ts";
import { errorHandler, NOT_READY_RETRY_AFTER, NotReadyError, UnsupportedMediaTypeError } from "./errors.ts";
import { ANSWER_ROUTES, answerSlots, chain, INDEX_ROUTES, isJsonRequest, onPaths, requireReady, staticSecurityHeaders } from "./guards.ts";
import { requestLogging } from "./logging.ts";
import { type RateLimiterFactory, rateLimiting } from "./rate-limit.ts";
import { browseRoutes } from "./routes/browse.ts";
import { chatRoutes } from "./routes/chat.ts";
import { openAIRoutes } from "./routes/openai.ts";
import { searchRoutes } from "./routes/search.ts";
import type { Metrics } from "./metrics.ts";

/** What the routes need; the assistant exists once the index has loaded. */
export interface AppState {
  assistant(): Assistant;
  ready(): boolean;
  /** What /readyz reports while not ready; "ready" once the assistant is set. */
  phase?(): Phase;
  /** The question log's database, reported by /readyz (ready may come before it: writes wait in a queue). */
  database?(): string;
}

/** loading: the index is being loaded or built; failed: it could not be (the log says why); stopping: shutting down. */
export type Phase = "loading" | "ready" | "failed" | "stopping";

export function readyState(assistant: Assistant | null = null) {
  let current = assistant;
  let phase: Phase = assistant ? "ready" : "loading";
  return {
    set(a: Assistant) {
      current = a;
      if (phase !== "stopping") phase = "ready";
    },
    failed() {
      if (phase !== "stopping") phase = "failed";
    },
    /** Shutting down: /readyz says so (load balancers stop sending); requests still in flight are served. */
    stopping() {
      phase = "stopping";
    },
    assistant() {
      if (!current) throw new NotReadyError();
      return current;
    },
    ready: () => current !== null,
    phase: () => phase,
  };
}

export interface AppOptions {
  state: AppState;
  /** Settings not given take their defaults from loadConfig({}). */
  config: Pick<Config, "widgetOrigins" | "rateLimitPerMinute"> &
    Partial<Pick<Config, "consoleRateLimitPerMinute" | "trustProxy" | "maxConcurrentAnswers">>;
  logger?: Logger;
  /** Where rate-limit counts live: in this process by default; a shared store for several replicas (see rate-limit.ts). */
  rateLimiterFactory?: RateLimiterFactory;
  /** Extra routes (widget, console, static pages) mounted before the 404 handler. */
  extraRoutes?: express.Router[];
  /** Requests and latency by route (src/server/metrics.ts). */
  metrics?: Metrics;
}

export const MAX_BODY = "64kb";

const DEFAULTS = loadConfig({});

/** Composes the HTTP API from its parts; all behaviour lives in the routes and the assistant. */
export function createApp({ state, config, logger, rateLimiterFactory, extraRoutes = [], metrics }: AppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  // req.ip (and so the rate-limit key) comes from X-Forwarded-For only through the configured proxies.
  app.set("trust proxy", config.trustProxy ?? false);
  // Every request: metrics, the request line, security headers — one router layer (see chain).
  app.use(
    chain(
      ...(metrics ? [metrics.middleware] : []),
      ...(logger ? [requestLogging(logger, (url) => url === "/healthz" || url === "/readyz")] : []),
      staticSecurityHeaders({
        crossOriginResourcePolicy: { policy: "same-site" },
        contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
      }),
    ),
  );

  // Cross-origin use only from the configured widget origins; "*" opens the API to any page.
  const anyOrigin = config.widgetOrigins.includes("*");
  const corsPolicy = cors({
    origin: anyOrigin ? true : config.widgetOrigins.length ? config.widgetOrigins : false,
    methods: ["GET", "POST"],
    allowedHeaders: ["Content-Type", "Authorization"],
    // The widget reads how long to wait after a 429.
    exposedHeaders: ["Retry-After"],
    maxAge: 600,
  });

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", (_req, res) => {
    const phase = state.phase?.() ?? (state.ready() ? "ready" : "loading");
    if (phase !== "ready") {
      res.status(503).set("Retry-After", String(NOT_READY_RETRY_AFTER)).json({ status: phase });
      return;
    }
    const { manifest } = state.assistant().index;
    res.json({
      status: "ready",
      plans: manifest.counts.plans,
      chunks: manifest.counts.chunks,
      embedder: manifest.embedder.id,
      llm: state.assistant().llmModel,
      ...(state.database ? { database: state.database() } : {}),
    });
  });

  // One layer for the API's whole edge (see chain). Cheap refusals first: not ready yet (503), too many answers
  // in progress (503), before any body is read. Only the API takes bodies; a POST anywhere else is simply not
  // found. After the body is parsed: a question's `channel` decides its rate-limit bucket. Errors go through
  // the error map, so /v1 clients get the 429 in OpenAI's shape like every other error. Mounted without a path
  // and matched by onPaths: a mount path makes the router cut it off req.url and put it back, and parse the
  // URL again each time (~5% of a cached answer's CPU went to the router).
  app.use(
    onPaths(
      ["/api", "/v1"],
      chain(
        corsPolicy,
        onPaths(
          INDEX_ROUTES,
          requireReady(() => state.ready()),
        ),
        onPaths(ANSWER_ROUTES, answerSlots(config.maxConcurrentAnswers ?? DEFAULTS.maxConcurrentAnswers)),
        (req, _res, next) => {
          if (req.method === "POST" && !isJsonRequest(req)) return next(new UnsupportedMediaTypeError());
          next();
        },
        express.json({ limit: MAX_BODY, type: (req) => isJsonRequest(req as express.Request) }),
        rateLimiting({
          publicPerMinute: config.rateLimitPerMinute,
          consolePerMinute: config.consoleRateLimitPerMinute ?? DEFAULTS.consoleRateLimitPerMinute,
          factory: rateLimiterFactory,
          onStoreError: (err) => logger?.warn({ err: err.message }, "rate-limit store failed; request let through"),
        }),
      ),
    ),
  );

  // The chat routes go on the app itself, not in a router of their own: a nested router is one more dispatch
  // (its own stack walk, URL parse and restore) for every question.
  chatRoutes(state, app);
  app.use(openAIRoutes(state), browseRoutes(state), searchRoutes(state), ...extraRoutes);
  app.use((req, _res, next) => next(new NotFoundError(`${req.method} ${req.path}`)));
  app.use(errorHandler);
  return app;
}
