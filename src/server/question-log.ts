import type { Router } from "express";
import type { Logger } from "pino";
import type { Assistant } from "../answer/assistant.ts";
import type { Config } from "../config.ts";
import { type DatabaseHandle, type EmbeddedDatabase, openDatabase } from "../db/open.ts";
import { CuratedAnswers } from "../feedback/curated.ts";
import { QuestionLog } from "../feedback/log.ts";
import { withQuestionLog } from "../feedback/wrap.ts";
import type { AppState } from "./app.ts";
import type { Metrics } from "./metrics.ts";
import type { RateLimiterFactory } from "./rate-limit.ts";
import { postgresRateLimiterFactory } from "./rate-limit-postgres.ts";
import { adminRoutes } from "./routes/admin.ts";
import { feedbackRoutes } from "./routes/feedback.ts";

const RETENTION_EVERY_MS = 6 * 3_600_000;
export const QUESTION_LOG_BATCH_MS = 100;

export interface QuestionLogService {
  database: DatabaseHandle;
  log: QuestionLog;
  curated: CuratedAnswers;
  /** The assistant with curated answers, answer ids and the question log in front (starts the service if not yet started). */
  wrap(assistant: Assistant): Assistant;
  /**
   * Opens the database, migrates it and loads the curated answers; resolves once that is done or has
   * failed (answers are served either way; writes wait for the database). Called once, more calls return the same.
   */
  start(): Promise<void>;
  routes(state: AppState): Router[];
  /** Set with DATABASE_URL: the rate limit is shared by every replica on that server. */
  rateLimiterFactory: RateLimiterFactory | undefined;
  close(): Promise<void>;
}

type ServiceConfig = Pick<Config, "dataDir" | "databaseUrl" | "adminToken" | "questionLog">;

/** Everything the question log needs, composed once; the database is opened without waiting for it. */
export function openQuestionLogService(
  config: ServiceConfig,
  {
    logger,
    metrics,
    inMemory = false,
    embedded = null,
  }: { logger?: Logger; metrics?: Metrics; inMemory?: boolean; embedded?: EmbeddedDatabase | null } = {},
): QuestionLogService {
  const lc = config.questionLog;
  const database = openDatabase({
    url: config.databaseUrl,
    dataDir: inMemory ? null : config.dataDir,
    onError: (err) => logger?.warn({ err: err.message }, "database connection lost"),
    embedded,
  });
  let warnedFull = false;
  const log = new QuestionLog({
    database,
    ipSalt: lc.ipHashSalt,
    capacity: lc.queueCapacity,
    // Rows arriving within this time share one INSERT: under load that is a batch per tick instead of
    // a statement per few answers (PGlite runs in this process, so each statement costs the server CPU).
    flushDelayMs: QUESTION_LOG_BATCH_MS,
    events: {
      ...metrics?.queueEvents,
      down(err, depth) {
        metrics?.queueEvents.down();
        logger?.warn(
          { err: err.message, queued: depth },
          "question log: database unavailable; answers still served, writes queued and retried",
        );
      },
      up(depth) {
        metrics?.queueEvents.up();
        warnedFull = false;
        logger?.info({ queued: depth }, "question log: database reachable again; queued writes written");
      },
      dropped(n) {
        metrics?.queueEvents.dropped(n);
        if (!warnedFull) logger?.error({ capacity: lc.queueCapacity }, "question log: write queue full; dropping the oldest writes");
        warnedFull = true;
      },
    },
  });
  const curated = new CuratedAnswers(database, {
    refreshMs: lc.curatedRefreshMs,
    onError: (err) => logger?.debug({ err: err.message }, "curated answers: refresh failed; keeping the loaded ones"),
  });

  // npm start calls start() before it loads the index (PGlite starts in its own thread, beside the load) and
  // reports ready after it; otherwise the first wrap() starts it.
  let stopRetention = () => {};
  let started: Promise<void> | null = null;
  let databaseUp = false;
  const start = () => {
    if (started) return started;
    const migrated = database.ready().then(
      () => {
        databaseUp = true;
        logger?.info(`question log: ${database.kind === "postgres" ? "PostgreSQL server" : "embedded PGlite database"} ready`);
      },
      (err) =>
        logger?.warn({ err: (err as Error).message }, "question log: database not reachable at start; answers are served, writes wait"),
    );
    const curatedLoaded = curated.start();
    stopRetention = log.scheduleRetention(lc.retentionDays, RETENTION_EVERY_MS, (r) => {
      if (r instanceof Error) logger?.debug({ err: r.message }, "question log: retention run failed; next run retries");
      else if (r.questions || r.feedback) logger?.info(r, `question log: deleted rows older than ${lc.retentionDays} days`);
    });
    started = Promise.all([migrated, curatedLoaded]).then(() => undefined);
    return started;
  };

  return {
    database,
    log,
    curated,
    start,
    wrap: (assistant) => {
      start();
      return withQuestionLog(assistant, {
        log,
        curated,
        observe: metrics ? (a, input) => metrics.observeAnswer(a, input) : undefined,
        onError: (err) => logger?.error({ err: (err as Error).message }, "question log: could not record an answer"),
      });
    },
    routes: (state) => [
      feedbackRoutes(state, log),
      adminRoutes(state, { token: config.adminToken, log, curated, timeZone: lc.reportTimeZone }),
    ],
    rateLimiterFactory: database.pool
      ? postgresRateLimiterFactory(database.pool, { salt: () => log.salt(), timeoutMs: lc.rateLimitStoreTimeoutMs })
      : undefined,
    /** Bounded (about 1.5 s): shutdown must not wait on a database that is down or still starting. */
    async close() {
      curated.stop();
      stopRetention();
      // Only a database that is up gets a moment to take the last writes (usually none are left by then).
      const written = databaseUp && !log.queue.down ? await log.drain(1000) : log.queue.depth === 0;
      if (!written) logger?.warn({ queued: log.queue.depth }, "question log: shutting down with writes not yet written");
      await log.close();
      const closed = await Promise.race([
        database.close().then(
          () => true,
          () => true,
        ),
        new Promise<boolean>((r) => setTimeout(() => r(false), databaseUp ? 500 : 0).unref()),
      ]);
      if (!closed) logger?.warn("question log: database still starting or busy at shutdown; not waiting for it");
    },
  };
}
