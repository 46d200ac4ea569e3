import { join } from "node:path";
import type { Router } from "express";
import type { Logger } from "pino";
import type { Assistant } from "../answer/assistant.ts";
import type { Config } from "../config.ts";
import { type DatabaseHandle, type EmbeddedDatabase, openDatabase, pgliteDir, pgliteExists } from "../db/open.ts";
import { CuratedAnswers } from "../feedback/curated.ts";
import { curatedSnapshotFile } from "../feedback/curated-snapshot.ts";
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
/** At shutdown, how long writes still queued wait for an embedded database that is still starting. */
export const SHUTDOWN_START_WAIT_MS = 10_000;

/** starting: not yet migrated; ready: up and taking writes; unavailable: it failed to start or its writes fail (they wait). */
export type DatabaseState = "starting" | "ready" | "unavailable";

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
  /**
   * Resolves once the curated answers in force are known, so every answer is the one the database would give:
   * at once when they were known before the database is up (an embedded database's saved copy, or a new or
   * in-memory database, which has none), else when start() has read them (or failed to). Starts the service.
   */
  curatedKnown(): Promise<void>;
  databaseState(): DatabaseState;
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
        databaseUp = true;
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
  // One process owns an embedded database, so its curated answers can be saved beside it for the next start.
  const embeddedDir = !config.databaseUrl && !inMemory ? pgliteDir(config.dataDir) : null;
  const curated = new CuratedAnswers(database, {
    refreshMs: lc.curatedRefreshMs,
    onError: (err) => logger?.debug({ err: err.message }, "curated answers: refresh failed; keeping the loaded ones"),
    snapshot: embeddedDir ? curatedSnapshotFile(join(embeddedDir, "curated.json")) : null,
  });
  const preloaded = !config.databaseUrl && curated.preload({ fresh: inMemory || (embedded?.fresh ?? !pgliteExists(config.dataDir)) });

  // npm start calls start() before it loads the index (PGlite starts in its own thread, beside the load) and
  // reports ready after it; otherwise the first wrap() starts it.
  let stopRetention = () => {};
  let started: Promise<void> | null = null;
  let databaseUp = false;
  let startFailed = false;
  const start = () => {
    if (started) return started;
    const migrated = database.ready().then(
      () => {
        databaseUp = true;
        logger?.info(`question log: ${database.kind === "postgres" ? "PostgreSQL server" : "embedded PGlite database"} ready`);
      },
      (err) => {
        startFailed = true;
        logger?.warn({ err: (err as Error).message }, "question log: database not reachable at start; answers are served, writes wait");
      },
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
    curatedKnown: () => {
      const done = start();
      return preloaded ? Promise.resolve() : done;
    },
    databaseState: () => (databaseUp ? (log.queue.down ? "unavailable" : "ready") : startFailed ? "unavailable" : "starting"),
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
    /**
     * Bounded: about 1.5 s, and never on a database that is down; up to SHUTDOWN_START_WAIT_MS more when answers
     * given while an embedded database was still starting wait in the queue, so they are written, not lost.
     */
    async close() {
      curated.stop();
      stopRetention();
      if (started && !databaseUp && !startFailed && database.kind === "pglite" && log.queue.depth > 0) {
        logger?.info({ queued: log.queue.depth }, "question log: waiting for the embedded database to take the queued writes");
        await Promise.race([started, new Promise((r) => setTimeout(r, SHUTDOWN_START_WAIT_MS).unref())]);
      }
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
