import type { NextFunction, Request, Response } from "express";
import { Router } from "express";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { AskInput } from "../answer/assistant.ts";
import type { Answer } from "../answer/schema.ts";
import type { WriteQueueEvents } from "../feedback/queue.ts";
import { checkBearer } from "./auth.ts";

/**
 * The one metrics registry (its own, not prom-client's global one, so several apps in one test process do
 * not collide). Other parts report through these hooks rather than defining metrics of their own.
 */
export function createMetrics(options: { processMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    registers,
  });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request latency by method and route",
    labelNames: ["method", "route"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const answers = new Counter({
    name: "answers_total",
    help: "Answers served by status, mode and channel",
    labelNames: ["status", "mode", "channel"] as const,
    registers,
  });
  const refusals = new Counter({
    name: "answer_refusals_total",
    help: "Questions the plans do not cover (status not_found)",
    labelNames: ["channel"] as const,
    registers,
  });
  const llmFallbacks = new Counter({
    name: "llm_fallbacks_total",
    help: "Answers that fell back to the offline composer, by reason",
    labelNames: ["reason"] as const,
    registers,
  });
  const queueDepth = new Gauge({ name: "question_log_queue_depth", help: "Question-log writes waiting for the database", registers });
  const writeFailures = new Counter({ name: "question_log_write_failures_total", help: "Failed question-log writes (retried)", registers });
  const dropped = new Counter({
    name: "question_log_dropped_total",
    help: "Question-log writes dropped because the queue was full",
    registers,
  });
  const databaseUp = new Gauge({ name: "question_log_database_up", help: "1 when the last question-log write succeeded", registers });
  databaseUp.set(1);

  /** The route as declared (/api/admin/curated/:id), never the raw path, so labels stay few. */
  const routeOf = (req: Request, res: Response) =>
    req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : res.statusCode === 404 ? "unmatched" : "unrouted";

  // The labelled series of each method and route, looked up once (prom-client hashes a label object per call).
  type Series = {
    route: string;
    duration: ReturnType<typeof duration.labels>;
    byStatus: Map<number, ReturnType<typeof requests.labels>>;
  };
  const series = new Map<string, Series>();
  const seriesOf = (method: string, route: string): Series => {
    const key = `${method} ${route}`;
    let s = series.get(key);
    if (!s) {
      s = { route, duration: duration.labels(method, route), byStatus: new Map() };
      series.set(key, s);
    }
    return s;
  };

  return {
    registry,
    middleware(req: Request, res: Response, next: NextFunction) {
      const started = performance.now();
      // on, not once: a response finishes once.
      res.on("finish", () => {
        const series = seriesOf(req.method, routeOf(req, res));
        series.duration.observe((performance.now() - started) / 1000);
        let counter = series.byStatus.get(res.statusCode);
        if (!counter) {
          counter = requests.labels(req.method, series.route, String(res.statusCode));
          series.byStatus.set(res.statusCode, counter);
        }
        counter.inc();
      });
      next();
    },
    observeAnswer(answer: Answer, input: AskInput) {
      const channel = input.channel ?? "api";
      answers.inc({ status: answer.status, mode: answer.mode, channel });
      if (answer.status === "not_found") refusals.inc({ channel });
      if (answer.fallback) llmFallbacks.inc({ reason: answer.fallback });
    },
    queueEvents: {
      depth: (n) => queueDepth.set(n),
      failed: () => writeFailures.inc(),
      dropped: (n) => dropped.inc(n),
      down: () => databaseUp.set(0),
      up: () => databaseUp.set(1),
    } satisfies WriteQueueEvents,
  };
}
export type Metrics = ReturnType<typeof createMetrics>;

/** GET /metrics in Prometheus' text format; behind METRICS_TOKEN when one is set. */
export function metricsRoutes(metrics: Metrics, token?: string): Router {
  const router = Router();
  router.get("/metrics", async (req, res) => {
    if (token) checkBearer(req, res, token);
    res.set("Content-Type", metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
