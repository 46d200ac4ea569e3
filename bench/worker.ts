import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { crc32 } from "node:zlib";
import { fileURLToPath } from "node:url";
import { Jieba } from "@node-rs/jieba";
import { chunkPlan } from "../src/chunk/chunk.ts";
import { loadConfig } from "../src/config.ts";
import { Bm25Builder, Bm25Index } from "../src/index/bm25.ts";
import { buildIndex, indexDir, indexedText, loadIndex, verifyIndexFiles } from "../src/index/store.ts";
import {
  type Catalog,
  ClauseMap,
  checkClauseLines,
  checkPlanLines,
  decodeChunkColumns,
  decodeClauseIndex,
  lazyPlans,
} from "../src/index/records.ts";
import { createTokenizer, parseGeneralIdf } from "../src/index/tokenize.ts";
import { VectorIndex } from "../src/index/vector.ts";
import { countMeasures } from "../src/plan/clauses.ts";
import type { Plan } from "../src/plan/schema.ts";
import { searchClauses } from "../src/retrieve/hybrid.ts";
import type { QueryCase } from "./generate.ts";
import { measureRecall, type RecallResult } from "./recall.ts";
import { collectGarbage, GcRecorder, memory, peakRss, percentile, Timeline, type MemorySample } from "./instrument.ts";

/**
 * One measurement in a fresh process, so peak RSS belongs to that stage alone:
 *   worker.ts build DIR   builds DIR/data/index from DIR/corpus
 *   worker.ts serve DIR   loads that index and runs DIR/queries.json through searchClauses
 * The result goes back to the parent over IPC (or to stdout when run by hand).
 */

export interface StageTime {
  stage: string;
  ms: number;
  /** Of which inside jieba's cutForSearch. */
  jiebaMs: number;
  /** Garbage-collection pauses that started in this stage. */
  gcMs: number;
}

export interface BuildResult {
  kind: "build";
  totalMs: number;
  stages: StageTime[];
  counts: {
    plans: number;
    measures: number;
    clauses: number;
    chunks: number;
    avgChunkChars: number;
    lexicalTerms: number;
    postings: number;
    parseErrors: number;
    parseWarnings: number;
  };
  /** Largest heap seen at a stage boundary (the build is synchronous: no sampling in between). */
  peakHeapAtMarks: number;
  peakRss: number;
  rssAtStart: number;
  gcMs: number;
  afterBuild: MemorySample;
  marks: { name: string; t: number; rss: number; heapUsed: number }[];
}

export interface LatencyStats {
  n: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
  /** Median milliseconds per component. */
  parts: { bm25: number; embed: number; hnsw: number; rest: number };
  /** Share of queries whose source plan is among the top 5 clauses. */
  sourcePlanAt5: number;
}

export interface ServeResult {
  kind: "serve";
  loadMs: number;
  rssBeforeLoad: number;
  loadStages: { stage: string; ms: number }[];
  afterLoad: MemorySample;
  peakRssAfterLoad: number;
  firstQueryMs: number;
  queries: { all: LatencyStats; unfiltered: LatencyStats; filtered: LatencyStats };
  /** The same queries against an exhaustive scorer (after every timing and memory figure). */
  recall: RecallResult;
  afterQueries: MemorySample;
  peakRss: number;
}

export type WorkerResult = BuildResult | ServeResult | { kind: "error"; message: string; stack?: string };

/** Records time spent in jieba's cutForSearch, and the first call of every Jieba instance. */
function trackJieba(timeline: Timeline): void {
  const proto = Jieba.prototype as unknown as Record<string, unknown>;
  const original = proto.cutForSearch as (...args: unknown[]) => unknown;
  const seen = new WeakMap<object, number>();
  let instances = 0;
  proto.cutForSearch = function (this: object, ...args: unknown[]) {
    if (!seen.has(this)) {
      seen.set(this, instances);
      timeline.mark(`jieba#${instances++} first cut`);
    }
    const start = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      timeline.add("jieba", performance.now() - start);
    }
  };
}

function configFor(dir: string) {
  return loadConfig({ CORPUS_DIR: join(dir, "corpus"), DATA_DIR: join(dir, "data") });
}

async function runBuild(dir: string, progress: string, echo?: (l: string) => void): Promise<BuildResult> {
  const tl = new Timeline(progress, echo);
  const gc = new GcRecorder(tl);
  trackJieba(tl);
  tl.wrap(Bm25Builder.prototype, "finish", "bm25 finish");
  tl.wrap(VectorIndex, "build", "hnsw build");
  tl.wrap(VectorIndex.prototype, "save", "hnsw write");
  const config = configFor(dir);
  tl.mark("build start");
  const { index, corpus } = await buildIndex(config, (message, level = "info") => {
    const head = message.split(":")[0]!.replace(/^(parsed) .*/, "$1");
    if (level === "info") tl.mark(`log: ${head}`);
  });
  const end = tl.mark("build end");
  const start = tl.markAt("build start")!;
  await gc.flush();

  const marks = tl.marks;
  const at = (name: string) => marks.find((m) => m.name === name);
  // Stage boundaries in the order buildIndex passes them; each stage runs to the next observed boundary.
  const boundaries: [string, string][] = [
    ["read + parse plans", "build start"],
    ["chunk + load jieba dictionary", "log: parsed"],
    ["BM25 tokenize + add to postings (one jieba pass + bigrams, corpus vocabulary)", "jieba#0 first cut"],
    ["BM25 postings layout", "bm25 finish start"],
    ["corpus dictionary + serving tokenizer", "log: lexical index"],
    ["clauses + persist (+ embedding, with a model)", "log: corpus dictionary"],
    ["HNSW insert (embedding model only)", "hnsw build start"],
    ["clauses + persist", "hnsw build end"],
    ["", "build end"],
  ];
  // A boundary that was not observed (the code changed) folds its stage into the previous one.
  const seen = boundaries.flatMap(([stage, name]) => {
    const m = at(name);
    return m ? [{ stage, m }] : [];
  });
  const stages: StageTime[] = [];
  for (let i = 0; i + 1 < seen.length; i++) {
    const { stage, m: from } = seen[i]!;
    const to = seen[i + 1]!.m;
    stages.push({ stage, ms: to.t - from.t, jiebaMs: (to.totals.jieba ?? 0) - (from.totals.jieba ?? 0), gcMs: gc.between(from.t, to.t) });
  }
  const write = tl.span("hnsw write");
  if (write)
    stages.push({ stage: "  of which HNSW write", ms: write.end - write.start, jiebaMs: 0, gcMs: gc.between(write.start, write.end) });

  const counts = {
    plans: index.plans.length,
    measures: countMeasures(index.plans),
    clauses: index.manifest.counts.clauses,
    chunks: index.chunks.length,
    avgChunkChars: averageIndexedChars(index.plans),
    lexicalTerms: index.bm25.data.terms.length,
    postings: index.bm25.data.postingCount,
    parseErrors: corpus.errors.length,
    parseWarnings: corpus.warnings.length,
  };
  const peakHeapAtMarks = Math.max(...marks.map((m) => m.mem.heapUsed));
  collectGarbage();
  const afterBuild = memory(); // the index is still referenced: this is what a process holds after building
  const result: BuildResult = {
    kind: "build",
    totalMs: end.t - start,
    stages,
    counts,
    peakHeapAtMarks,
    peakRss: peakRss(),
    rssAtStart: at("build start")!.mem.rss,
    gcMs: gc.between(start, end.t),
    afterBuild,
    marks: marks.map((m) => ({ name: m.name, t: m.t, rss: m.mem.rss, heapUsed: m.mem.heapUsed })),
  };
  if (index.chunks.length < 0) console.log(index); // keep the index alive until after the measurement
  return result;
}

/** Average length of the text a chunk is indexed under (re-chunked from the plans, after the measurement). */
function averageIndexedChars(plans: Plan[]): number {
  let chars = 0;
  let n = 0;
  for (const plan of plans) for (const chunk of chunkPlan(plan)) (chars += indexedText(chunk).length), n++;
  return chars / Math.max(1, n);
}

function stats(samples: { ms: number; bm25: number; embed: number; hnsw: number; sourceHit: boolean }[]): LatencyStats {
  const ms = samples.map((s) => s.ms);
  const med = (xs: number[]) => (xs.length ? percentile(xs, 50) : Number.NaN);
  return {
    n: samples.length,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    max: ms.length ? Math.max(...ms) : Number.NaN,
    mean: ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length),
    parts: {
      bm25: med(samples.map((s) => s.bm25)),
      embed: med(samples.map((s) => s.embed)),
      hnsw: med(samples.map((s) => s.hnsw)),
      rest: med(samples.map((s) => s.ms - s.bm25 - s.embed - s.hnsw)),
    },
    sourcePlanAt5: samples.filter((s) => s.sourceHit).length / Math.max(1, samples.length),
  };
}

function time<T>(f: () => T): [T, number] {
  const start = performance.now();
  const value = f();
  return [value, performance.now() - start];
}

async function runServe(dir: string, progress: string, echo?: (l: string) => void): Promise<ServeResult> {
  const tl = new Timeline(progress, echo);
  tl.wrap(VectorIndex, "load", "hnsw load");
  const config = configFor(dir);
  const queries = JSON.parse(readFileSync(join(dir, "queries.json"), "utf8")) as QueryCase[];

  const rssBeforeLoad = tl.mark("load start").mem.rss;
  const start = performance.now();
  const index = loadIndex(config);
  const loadMs = performance.now() - start;
  tl.mark("load end");
  collectGarbage();
  const afterLoad = memory();
  const peakRssAfterLoad = peakRss();

  tl.wrap(Bm25Index.prototype, "search", "q:bm25", { marks: false });
  tl.wrap(VectorIndex.prototype, "search", "q:hnsw", { marks: false });
  const samples: { ms: number; bm25: number; embed: number; hnsw: number; sourceHit: boolean; filtered: boolean }[] = [];
  let firstQueryMs = Number.NaN;
  for (const [i, q] of queries.entries()) {
    const before = Object.fromEntries(tl.totals);
    const t0 = performance.now();
    const hits = await searchClauses(index, q.question, { k: 5, ...(q.districts ? { districts: q.districts } : {}) });
    const ms = performance.now() - t0;
    const delta = (k: string) => (tl.totals.get(k) ?? 0) - (before[k] ?? 0);
    if (i === 0) {
      firstQueryMs = ms; // cold: first jieba call, first hnsw search
      continue;
    }
    samples.push({
      ms,
      bm25: delta("q:bm25"),
      embed: delta("q:embed"),
      hnsw: delta("q:hnsw"),
      sourceHit: hits.some((h) => h.id.startsWith(`${q.source.planId}:`)),
      filtered: !!q.districts,
    });
    if ((i + 1) % 100 === 0) tl.mark(`${i + 1} queries`);
  }
  tl.mark("queries done");
  collectGarbage();
  const afterQueries = memory();
  const peak = peakRss();

  // Where load time goes: the steps loadIndex takes, timed one by one (after the memory figures).
  const idx = indexDir(config);
  const loadStages: { stage: string; ms: number }[] = [];
  const step = <T>(stage: string, f: () => T): T => {
    const [value, ms] = time(f);
    loadStages.push({ stage, ms });
    return value;
  };
  const bytes: Record<string, Buffer> = {};
  const recordFiles = new Set(["bm25.bin", "plans.ndjson", "clauses.ndjson"]);
  for (const f of Object.keys(index.manifest.files).sort()) {
    if (recordFiles.has(f)) continue;
    bytes[f] = step(`${f}: read`, () => readFileSync(join(idx, f)));
    step(`${f}: crc32`, () => crc32(bytes[f]!));
  }
  const catalog = step("catalog.json + clauses.idx: decode", () => ({
    ...(JSON.parse(bytes["catalog.json"]!.toString("utf8")) as Pick<Catalog, "plans">),
    ...decodeClauseIndex(bytes["clauses.idx"]!, index.manifest.counts.clauses),
  }));
  // The record files are read piece by piece on use (positioned reads); here from memory, read beforehand.
  const whole = Object.fromEntries([...recordFiles].map((f) => [f, readFileSync(join(idx, f))]));
  const reader = (f: string) => (start: number, end: number) => whole[f]!.subarray(start, end);
  step("plans.ndjson: range checks + lazy plans", () => {
    checkPlanLines(catalog, index.manifest.files["plans.ndjson"]!.bytes);
    return lazyPlans(catalog, reader("plans.ndjson"));
  });
  step("clauses.ndjson: range checks + id map", () => {
    checkClauseLines(catalog, index.manifest.files["clauses.ndjson"]!.bytes);
    return new ClauseMap(catalog.clauseIds, catalog.clauseEnds, catalog.clauseCrcs, reader("clauses.ndjson"));
  });
  step("chunks.bin: decode + checks", () => decodeChunkColumns(new Uint8Array(bytes["chunks.bin"]!), index.chunks.length, catalog));
  step("bm25: open (head; postings read per term on use)", () =>
    Bm25Index.open(JSON.parse(bytes["bm25.json"]!.toString("utf8")), reader("bm25.bin"), whole["bm25.bin"]!.byteLength),
  );
  step("tokenizer (jieba withDict)", () => createTokenizer(bytes["dictionary.txt"]!.toString("utf8")));
  step("general-idf.txt: parse", () => parseGeneralIdf(bytes["general-idf.txt"]!.toString("utf8")));
  for (const f of recordFiles) {
    const body = step(`${f}: read (not at load: in the background)`, () => readFileSync(join(idx, f)));
    step(`${f}: crc32 (not at load: in the background)`, () => crc32(body));
  }
  const verifyStart = performance.now();
  const problem = await verifyIndexFiles(config, index.manifest);
  loadStages.push({
    stage: `background verification of the record files${problem ? ` FAILED: ${problem}` : ""}`,
    ms: performance.now() - verifyStart,
  });
  step("every clause parsed (later, on first use)", () => [...index.clauses.values()].length);
  step("every plan parsed (later, on first use)", () => index.plans.reduce((n, p) => n + p.parts.length, 0));
  tl.mark("recall start");
  const recall = await measureRecall(index, queries.slice(1));
  tl.mark("recall done");
  const hnswLoad = tl.span("hnsw load");
  if (hnswLoad) loadStages.push({ stage: "vectors.hnsw: load (in loadIndex)", ms: hnswLoad.end - hnswLoad.start });

  const pick = (f: (s: (typeof samples)[number]) => boolean) => stats(samples.filter(f));
  return {
    kind: "serve",
    loadMs,
    rssBeforeLoad,
    loadStages,
    afterLoad,
    peakRssAfterLoad,
    firstQueryMs,
    queries: { all: pick(() => true), unfiltered: pick((s) => !s.filtered), filtered: pick((s) => s.filtered) },
    recall,
    afterQueries,
    peakRss: peak,
  };
}

/** File sizes of the persisted index, in bytes. */
export function indexFiles(dir: string): Record<string, number> {
  const idx = join(dir, "data", "index");
  return Object.fromEntries(
    readdirSync(idx)
      .sort()
      .map((n) => [n, statSync(join(idx, n)).size]),
  );
}

const isMain = !!process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (isMain) {
  const [mode, dir] = process.argv.slice(2);
  const progress = join(dir ?? ".", `progress-${mode}.log`);
  const echo = process.env.BENCH_QUIET ? undefined : (line: string) => console.error(`    [${mode}] ${line}`);
  const send = (r: WorkerResult) => (process.send ? process.send(r) : console.log(JSON.stringify(r, null, 2)));
  try {
    if (!dir || (mode !== "build" && mode !== "serve")) throw new Error("usage: worker.ts build|serve DIR");
    send(mode === "build" ? await runBuild(dir, progress, echo) : await runServe(dir, progress, echo));
  } catch (err) {
    send({ kind: "error", message: (err as Error).message, stack: (err as Error).stack });
    process.exitCode = 1;
  }
  process.disconnect?.();
}
