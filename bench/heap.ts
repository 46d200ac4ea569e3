import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { pino } from "pino";
import { loadQuestions } from "../eval/questions.ts";
import { createAssistant } from "../src/answer/assistant.ts";
import { runCli, UsageError } from "../src/cli/run.ts";
import { loadConfig } from "../src/config.ts";
import { ensureIndex } from "../src/index/store.ts";
import { withAnswerCache } from "../src/server/answer-cache.ts";
import { createApp, readyState } from "../src/server/app.ts";
import { listen } from "../src/server/lifecycle.ts";
import { loggerOptions } from "../src/server/logging.ts";
import { createMetrics } from "../src/server/metrics.ts";
import { openQuestionLogService } from "../src/server/question-log.ts";
import type { LoadResult, LoadSpec } from "./http-load.ts";

/**
 * `npm run bench:heap [-- --phases 3 --seconds 10]`: heap growth per request under load. The app is composed
 * in this process as `npm start` composes it (request log, metrics, question log on PGlite in a temp
 * folder, answer cache unless --no-cache), loaded by autocannon from another process with the dev
 * questions (all of them, or --questions N rotating). After a warm-up, each phase is: full GC, heap used,
 * load for S seconds, full GC (and the question log written), heap used. A leak shows as growth that
 * does not level off from phase to phase; a bounded cache or memo filling up shows as growth in the first
 * phase only.
 */
const USAGE = "usage: npm run bench:heap -- [--phases N] [--seconds S] [--concurrency C] [--questions N] [--no-cache]";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

await runCli(
  USAGE,
  {
    options: {
      phases: { type: "string", default: "3" },
      seconds: { type: "string", default: "10" },
      concurrency: { type: "string", default: "10" },
      questions: { type: "string", default: "0" },
      "no-cache": { type: "boolean", default: false },
    },
  },
  async ({ values }) => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new UsageError("run with node --expose-gc (npm run bench:heap does)");
    const phases = Number(values.phases);
    const seconds = Number(values.seconds);
    const concurrency = Number(values.concurrency);
    const all = loadQuestions(join(ROOT, "eval/questions.jsonl"));
    const n = Number(values.questions) || all.length;
    const bodies = all
      .slice(0, n)
      .map((q) => JSON.stringify({ message: q.question, history: q.history, district: q.district, channel: "widget" }));
    const dataDir = mkdtempSync(join(tmpdir(), "bench-heap-"));
    const config = { ...loadConfig({ ...process.env, DATA_DIR: dataDir, CORPUS_DIR: join(ROOT, "corpus") }), rateLimitPerMinute: 1e9 };
    const logger = pino(loggerOptions(config), pino.destination({ dest: "/dev/null", sync: false, minLength: 4096 }));
    const metrics = createMetrics({ processMetrics: true });
    const questions = openQuestionLogService(config, { logger, metrics });
    const index = await ensureIndex(config);
    const assistant = createAssistant(index, { output: config.answer });
    const state = readyState(questions.wrap(withAnswerCache(assistant, { entries: values["no-cache"] ? 0 : config.answerCacheEntries })));
    const app = createApp({
      state,
      config: { ...config, maxConcurrentAnswers: 1000 },
      logger,
      metrics,
      rateLimiterFactory: questions.rateLimiterFactory,
      extraRoutes: questions.routes(state),
    });
    const server = await listen(app, { ...config, host: "127.0.0.1", port: 0 });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/chat`;
    const heap = async () => {
      await questions.log.drain(5000);
      gc();
      await new Promise((r) => setImmediate(r));
      gc();
      return process.memoryUsage().heapUsed;
    };
    try {
      console.log(
        `${bodies.length} questions, concurrency ${concurrency}, answer cache ${values["no-cache"] ? "off" : "on"}; warm-up ${seconds} s`,
      );
      // Every question once first (lazily built tables, the cache's entries), then the warm-up load.
      // A connection reset here is retried once: a lazily built table can block the event loop for seconds on a
      // loaded machine, and Node's header-timeout check then drops the next request waiting on that connection.
      let slowest = 0;
      let resets = 0;
      const post = (body: string) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
      for (const body of bodies) {
        const t0 = performance.now();
        const res = await post(body).catch(() => {
          resets++;
          return post(body);
        });
        await res.arrayBuffer();
        slowest = Math.max(slowest, performance.now() - t0);
      }
      console.log(`first pass: slowest answer ${slowest.toFixed(0)} ms, ${resets} connection(s) reset and retried`);
      await load({ url, connections: concurrency, seconds, bodies });
      let before = await heap();
      console.log(`heap after warm-up: ${(before / 2 ** 20).toFixed(1)} MB`);
      for (let p = 1; p <= phases; p++) {
        const r = await load({ url, connections: concurrency, seconds, bodies });
        const after = await heap();
        const perRequest = (after - before) / r.requests;
        console.log(
          `phase ${p}: ${r.requests} requests (${r.rps.toFixed(0)}/s, ${r.non2xx} non-2xx), heap ${(before / 2 ** 20).toFixed(1)} → ${(after / 2 ** 20).toFixed(1)} MB: ${perRequest.toFixed(1)} bytes/request`,
        );
        before = after;
      }
    } finally {
      await new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      });
      await questions.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
);

async function load(spec: LoadSpec): Promise<LoadResult> {
  const child = spawn(process.execPath, ["--import", TSX, join(ROOT, "bench/http-load.ts"), JSON.stringify(spec)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const code = await new Promise<number | null>((r) => child.once("exit", r));
  if (code !== 0) throw new Error(`the load generator exited with ${code}`);
  return JSON.parse(out.trim().split("\n").at(-1)!) as LoadResult;
}
