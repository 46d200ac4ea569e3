import { fork } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateCorpus, makeQueries, type GeneratedCorpus } from "./generate.ts";
import { readPhrasePools } from "./phrases.ts";
import { printReport } from "./report.ts";
import { cliArgs, runMain, UsageError } from "../src/cli/run.ts";
import { indexFiles, type BuildResult, type ServeResult, type WorkerResult } from "./worker.ts";

/**
 * `npm run bench -- [--plans N] [--queries N] [--seed N] [--keep] [--json FILE] [--scale 10,100,1000]`
 *
 * Generates a deterministic synthetic corpus of N district plans in the real formats, builds the index
 * with buildIndex, loads it with loadIndex and times searchClauses. Build and serve each run in a fresh
 * child process (with --expose-gc), so peak RSS and heap figures belong to that stage alone.
 */

const USAGE =
  "usage: npm run bench -- [--plans N | --scale 10,100,1000] [--queries N] [--seed N] [--keep] [--json FILE] [--quiet]\n" +
  "         [--measures-per-plan N] [--damage-rate 0..1] [--filtered-share 0..1] [--max-old-space MB] [--corpus DIR]";

const { values } = cliArgs(USAGE, {
  options: {
    plans: { type: "string", default: "1000" },
    queries: { type: "string", default: "300" },
    seed: { type: "string", default: "1" },
    keep: { type: "boolean", default: false },
    json: { type: "string" },
    scale: { type: "string" },
    "measures-per-plan": { type: "string", default: "100" },
    "damage-rate": { type: "string", default: "0.03" },
    "filtered-share": { type: "string", default: "0.3" },
    "max-old-space": { type: "string" },
    corpus: { type: "string", default: fileURLToPath(new URL("../corpus", import.meta.url)) },
    quiet: { type: "boolean", default: false },
  },
});

const int = (name: string, v: string | undefined) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer, got ${v}`);
  return n;
};
export interface RunResult {
  plans: number;
  seed: number;
  dir: string | null;
  generate: Omit<GeneratedCorpus, "phrases" | "dir"> & { ms: number; queries: number };
  build: BuildResult | null;
  indexFiles: Record<string, number> | null;
  serve: ServeResult | null;
  failure: { stage: "build" | "serve"; message: string; lastProgress: string[] } | null;
}

const workerPath = fileURLToPath(new URL("./worker.ts", import.meta.url));
const log = (line: string) => console.error(line);

function runWorker(mode: "build" | "serve", dir: string): Promise<WorkerResult> {
  const execArgv = [...process.execArgv, "--expose-gc"];
  if (values["max-old-space"]) execArgv.push(`--max-old-space-size=${int("max-old-space", values["max-old-space"])}`);
  return new Promise((resolve) => {
    const child = fork(workerPath, [mode, dir], { execArgv, env: { ...process.env, ...(values.quiet ? { BENCH_QUIET: "1" } : {}) } });
    let result: WorkerResult | null = null;
    child.on("message", (m) => (result = m as WorkerResult));
    child.on("exit", (code, signal) => {
      resolve(result ?? { kind: "error", message: `worker exited with ${signal ? `signal ${signal}` : `code ${code}`} before reporting` });
    });
  });
}

function lastProgress(dir: string, mode: string): string[] {
  const file = join(dir, `progress-${mode}.log`);
  return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").slice(-6) : [];
}

async function runSize(plans: number): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), `policy-bench-${plans}-`));
  log(`\n== ${plans} plans (seed ${seed}) in ${dir}`);
  const started = performance.now();
  const pools = readPhrasePools(values.corpus!);
  const corpus = generateCorpus(pools, join(dir, "corpus"), {
    plans,
    seed,
    measuresPerPlan: int("measures-per-plan", values["measures-per-plan"]),
    damageRate: Number(values["damage-rate"]),
  });
  const queries = makeQueries(corpus, queryCount + 1, seed, Number(values["filtered-share"])); // +1: the cold first query
  writeFileSync(join(dir, "queries.json"), JSON.stringify(queries));
  const { phrases: _phrases, dir: _dir, ...generated } = corpus;
  const result: RunResult = {
    plans,
    seed,
    dir: values.keep ? dir : null,
    generate: { ...generated, ms: performance.now() - started, queries: queries.length - 1 },
    build: null,
    indexFiles: null,
    serve: null,
    failure: null,
  };
  log(
    `   generated ${corpus.plans} plans, ${corpus.measures} measures, ${(corpus.bytes / 2 ** 20).toFixed(1)} MB in ${(result.generate.ms / 1000).toFixed(1)} s`,
  );
  try {
    log(`   building (fresh process)…`);
    const build = await runWorker("build", dir);
    if (build.kind !== "build") {
      result.failure = {
        stage: "build",
        message: build.kind === "error" ? build.message : "unexpected result",
        lastProgress: lastProgress(dir, "build"),
      };
      return result;
    }
    result.build = build;
    result.indexFiles = indexFiles(dir);
    log(`   loading + ${queryCount} queries (fresh process)…`);
    const serve = await runWorker("serve", dir);
    if (serve.kind !== "serve") {
      result.failure = {
        stage: "serve",
        message: serve.kind === "error" ? serve.message : "unexpected result",
        lastProgress: lastProgress(dir, "serve"),
      };
      return result;
    }
    result.serve = serve;
    return result;
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    else log(`   kept ${dir}`);
  }
}

// Set once the arguments are checked, inside runMain, so that a wrong one is a message, not a stack trace.
let sizes: number[] = [];
let queryCount = 0;
let seed = 0;

await runMain(USAGE, async () => {
  sizes = (values.scale ?? values.plans!).split(",").map((s) => int(values.scale ? "scale" : "plans", s.trim()));
  queryCount = int("queries", values.queries);
  seed = int("seed", values.seed);
  for (const name of ["damage-rate", "filtered-share"] as const) {
    const x = Number(values[name]);
    if (!(x >= 0 && x <= 1)) throw new UsageError(`--${name} must be a number from 0 to 1, got ${values[name]}`);
  }
  const results: RunResult[] = [];
  for (const n of sizes) {
    const r = await runSize(n);
    results.push(r);
    if (r.failure) log(`   FAILED in ${r.failure.stage}: ${r.failure.message}\n     ${r.failure.lastProgress.join("\n     ")}`);
  }
  printReport(results, { queries: queryCount });
  if (values.json) {
    writeFileSync(
      values.json,
      JSON.stringify({ machine: machine(), options: { sizes, queries: queryCount, seed }, runs: results }, null, 2),
    );
    console.log(`\nwrote ${values.json}`);
  }
  if (results.some((r) => r.failure)) process.exitCode = 1;
});

function machine() {
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    memoryMB: Math.round(totalmem() / 2 ** 20),
  };
}
