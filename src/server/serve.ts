import type { AddressInfo } from "node:net";
import { createAssistant } from "../answer/assistant.ts";
import type { Config } from "../config.ts";
import type { EmbeddedDatabase } from "../db/open.ts";
import { ensureIndex, type Log } from "../index/store.ts";
import { lexicon } from "../understand/lexicon.ts";
import { toSimplified } from "../understand/script.ts";
import { webRoutes } from "../web/routes.ts";
import { withAnswerCache } from "./answer-cache.ts";
import { createApp, readyState } from "./app.ts";
import { watchCorpus } from "../ingest/watch.ts";
import { buildInChildProcess } from "./index-build.ts";
import { drainable, listen } from "./lifecycle.ts";
import { createLogger } from "./logging.ts";
import { createMetrics, metricsRoutes } from "./metrics.ts";
import { openQuestionLogService, type QuestionLogService } from "./question-log.ts";

/** Longer than PostgreSQL's connection timeout (3 s, src/db/open.ts): an unreachable server has failed by then. */
const DATABASE_START_WAIT_MS = 10_000;

/** A pause between warm-up steps, so requests arriving meanwhile get the event loop between them. */
const WARM_STEP_PAUSE_MS = 50;

/**
 * Builds what the start left to first use (src/understand: the English lexicon, the script converter) once the
 * server is ready, one table per turn of the event loop: the first question need not wait for them, and a
 * request arriving meanwhile waits for one step at most.
 */
function warmAfterReady(steps: (() => unknown)[]): void {
  const next = () => {
    const step = steps.shift();
    if (!step) return;
    step();
    setTimeout(next, WARM_STEP_PAUSE_MS).unref();
  };
  setTimeout(next, WARM_STEP_PAUSE_MS).unref();
}

/** True once `p` settles (either way) within `ms`; false after `ms` or when `signal` aborts first. */
function settledWithin(p: Promise<unknown>, ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    const done = (settled: boolean) => {
      clearTimeout(timer);
      resolve(settled);
    };
    signal.addEventListener("abort", () => done(false), { once: true });
    p.then(
      () => done(true),
      () => done(true),
    );
  });
}

/**
 * `npm start` (after src/server/main.ts has read the settings and started the embedded database): open the port at once (503 + Retry-After until ready), load the index or build it in a
 * child process, then serve. SIGTERM/SIGINT: stop a build at once, or drain in-flight requests; exit 1
 * when the drain timeout had to cut connections (or on a second signal).
 */
export async function serve(config: Config, embedded: EmbeddedDatabase | null): Promise<void> {
  const logger = createLogger(config);
  const state = readyState();
  const metrics = createMetrics({ processMetrics: true });
  let questions: QuestionLogService;
  try {
    questions = openQuestionLogService(config, { logger, metrics, embedded });
  } catch (err) {
    logger.fatal((err as Error).message);
    process.exit(1);
  }
  const app = createApp({
    state: { ...state, database: questions.databaseState },
    config,
    logger,
    metrics,
    rateLimiterFactory: questions.rateLimiterFactory,
    extraRoutes: [
      ...questions.routes(state),
      metricsRoutes(metrics, config.metricsToken),
      webRoutes({ state, corpusDir: config.corpusDir, logger }),
    ],
  });
  const server = await listen(app, config).catch((err) => {
    logger.fatal({ err }, "cannot listen");
    process.exit(1);
  });
  const connections = drainable(server);
  const { port } = server.address() as AddressInfo;
  logger.info(`policy assistant listening on http://${config.host ?? "localhost"}:${port}`);

  /** Closed after the last request has drained (add databases and watchers here). */
  const closers: (() => Promise<void> | void)[] = [() => questions.close()];
  const building = new AbortController();
  let stopping = false;

  async function shutdown(signal: NodeJS.Signals) {
    if (stopping) {
      logger.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    state.stopping();
    building.abort(new Error(`${signal} during the index build`));
    const inFlight = connections.inFlight;
    // drain() closes the port before it first waits, so once this line is logged no connection is accepted.
    const drained = connections.drain(config.drainTimeoutMs);
    logger.info(`${signal}: stopping; waiting up to ${config.drainTimeoutMs} ms for ${inFlight} request(s) in flight`);
    const result = await drained;
    for (const close of closers) await Promise.resolve(close()).catch((err) => logger.error({ err }, "error while closing"));
    if (result === "forced") logger.warn("drain timeout: open requests were cut");
    else logger.info("stopped cleanly");
    logger.flush();
    process.exit(result === "forced" ? 1 : 0);
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(signal));

  const log: Log = (message, level = "info") => logger[level](message);
  // The database starts beside the index load (embedded PGlite in its own thread). Ready waits for the index and
  // for the curated answers in force: an embedded database's are known at once (saved beside it, or none in a new
  // one), so PGlite may finish starting after ready, its writes queued until then; a PostgreSQL server's are read
  // from it, so with DATABASE_URL ready waits for it (and its migrations, e.g. the shared rate-limit table).
  const curatedKnown = questions.curatedKnown();
  try {
    const index = await ensureIndex(config, log, { signal: building.signal, build: buildInChildProcess });
    await settledWithin(curatedKnown, DATABASE_START_WAIT_MS, building.signal).then((settled) => {
      if (!settled) logger.warn(`question log: database not started after ${DATABASE_START_WAIT_MS} ms; serving answers, writes wait`);
    });
    if (building.signal.aborted) throw building.signal.reason;
    // Imported only when configured: LangChain's OpenAI client is most of the start-up time otherwise.
    const llm = config.chat ? (await import("../answer/llm.ts")).createLlmAnswerer(config.chat) : null;
    // One answer cache per index: a reloaded index starts with an empty one. Curated answers and the log sit in front.
    const assistantFor = (i: typeof index) =>
      questions.wrap(
        withAnswerCache(
          createAssistant(i, {
            llm,
            output: config.answer,
            onLlmError: (err) => logger.warn({ err: (err as Error).message }, "LLM failed; answered offline"),
          }),
          { entries: config.answerCacheEntries },
        ),
      );
    state.set(assistantFor(index));
    // A changed corpus/ is rebuilt in the background and swapped in; the old index serves until then.
    const watcher = watchCorpus({
      config,
      current: index,
      log,
      build: buildInChildProcess,
      signal: building.signal,
      onIndex: (next) => state.set(assistantFor(next)),
    });
    closers.push(() => watcher.close());
    // Not the Simplified→Traditional converter (a fifth of a second): only questions in Traditional script need it.
    warmAfterReady([() => lexicon(), () => toSimplified("")]);
    logger.info(
      `ready: ${index.manifest.counts.plans} plans, ${index.manifest.counts.chunks} chunks, ${llm ? `LLM ${llm.model}` : "offline answers"}, database ${questions.databaseState()}`,
    );
  } catch (err) {
    if (!building.signal.aborted) {
      // Not a crash loop: stay up, answer 503 (the log says why), let the operator fix the corpus or data folder.
      state.failed();
      logger.error({ err: (err as Error).message }, "cannot build or load the index; answering 503 until restarted");
    }
  }
}
