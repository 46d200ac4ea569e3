import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.ts";
import { ensureIndex } from "../src/index/store.ts";
import { retrieve } from "../src/retrieve/pipeline.ts";
import { understand } from "../src/understand/understand.ts";
import { buildBaseline } from "./baseline.ts";
import { byTag, percentile, scoreRetrieval, summarize, type RetrievalScore, type RetrievalSummary } from "./metrics.ts";
import { isAnswerable, loadQuestions } from "./questions.ts";

/** `npm run eval [-- --questions FILE] [--json OUT]`: retrieval metrics for the hybrid index and the baseline. */
const { values } = parseArgs({
  options: {
    questions: { type: "string", default: "eval/questions.jsonl" },
    json: { type: "string" },
  },
});

const questions = loadQuestions(values.questions!);
const config = loadConfig();
const index = await ensureIndex(config, (m) => console.error(m));
const baseline = await buildBaseline(index.plans, index.tokenizer);

const K = 10;
const metas = index.plans.map((p) => p.meta);
const rows: { tags: string[]; value: { hybrid: RetrievalScore; baseline: RetrievalScore } }[] = [];
const latencies: number[] = [];
for (const q of questions.filter(isAnswerable)) {
  const started = performance.now();
  const understood = understand(q.question, q.history ?? [], metas);
  const hits = await retrieve(index, understood, K);
  latencies.push(performance.now() - started);
  const hybrid = scoreRetrieval(hits.map((h) => h.id), q.expect)!;
  // The baseline gets the same understood query, so the comparison isolates the index itself.
  const base = scoreRetrieval(baseline.search(`${understood.retrievalText} ${understood.expansion.join(" ")}`, K), q.expect)!;
  rows.push({ tags: q.tags, value: { hybrid, baseline: base } });
}

const groups = byTag(rows);
const report: Record<string, { hybrid: RetrievalSummary; baseline: RetrievalSummary }> = {};
for (const [tag, values] of groups) {
  report[tag] = { hybrid: summarize(values.map((v) => v.hybrid)), baseline: summarize(values.map((v) => v.baseline)) };
}
const latency = { p50: percentile(latencies, 50), p95: percentile(latencies, 95) };

const fmt = (x: number | null) => (x === null ? "   -  " : x.toFixed(3).padStart(6));
console.log(`questions: ${questions.length} (${rows.length} answerable), index: ${index.manifest.counts.chunks} chunks, baseline: ${baseline.chunkCount} chunks`);
console.log(`\nretrieval (answerable questions)         hybrid                   baseline (char chunks + BM25)`);
console.log(`${"tag".padEnd(16)} ${"n".padStart(4)}   hit@1 recall@5    MRR     hit@1 recall@5    MRR`);
for (const [tag, r] of Object.entries(report)) {
  const h = r.hybrid;
  const b = r.baseline;
  console.log(`${tag.padEnd(16)} ${String(h.n).padStart(4)}  ${fmt(h.hit1)}  ${fmt(h.recall5)} ${fmt(h.mrr)}    ${fmt(b.hit1)}  ${fmt(b.recall5)} ${fmt(b.mrr)}`);
}
console.log(`\nretrieval latency (understanding + hybrid search): p50 ${latency.p50?.toFixed(2)} ms, p95 ${latency.p95?.toFixed(2)} ms`);

if (values.json) {
  writeFileSync(values.json, JSON.stringify({ questions: questions.length, retrieval: report, latencyMs: latency }, null, 2));
  console.log(`wrote ${values.json}`);
}
