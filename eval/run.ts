import { writeFileSync } from "node:fs";
import { createAssistant } from "../src/answer/assistant.ts";
import { loadConfig } from "../src/config.ts";
import { ensureIndex } from "../src/index/store.ts";
import { retrieve } from "../src/retrieve/pipeline.ts";
import { understand } from "../src/understand/understand.ts";
import { scoreAnswer, summarizeAnswers, type AnswerScore, type AnswerSummary } from "./answers.ts";
import { buildBaseline } from "./baseline.ts";
import { byTag, percentile, scoreRetrieval, summarize, type RetrievalScore, type RetrievalSummary } from "./metrics.ts";
import { isAnswerable, loadQuestions } from "./questions.ts";
import { runCli, UsageError } from "../src/cli/run.ts";

/**
 * `npm run eval [-- --questions FILE] [--json OUT] [--min-strength X] [--sweep]`: retrieval metrics for
 * the hybrid index beside the naive baseline, then answer-level metrics of the offline assistant.
 */
const USAGE = "usage: npm run eval -- [--questions FILE] [--json OUT] [--min-strength 0..1] [--sweep] [--misses]";

await runCli(
  USAGE,
  {
    options: {
      questions: { type: "string", default: "eval/questions.jsonl" },
      json: { type: "string" },
      "min-strength": { type: "string" },
      sweep: { type: "boolean", default: false },
      misses: { type: "boolean", default: false },
    },
  },
  async ({ values }) => {
    const minStrength = values["min-strength"] ? Number(values["min-strength"]) : undefined;
    if (minStrength !== undefined && !(minStrength >= 0 && minStrength <= 1))
      throw new UsageError(`--min-strength must be a number from 0 to 1, got ${values["min-strength"]}`);
    const questions = loadQuestions(values.questions!);
    const config = loadConfig();
    const index = await ensureIndex(config, (m) => console.error(m));
    const baseline = await buildBaseline(index.plans, index.tokenizer);
    const metas = index.plans.map((p) => p.meta);
    const fmt = (x: number | null | undefined) => (x === null || x === undefined ? "   -  " : x.toFixed(3).padStart(6));
    const ms = (x: number | null) => (x === null ? "-" : `${x.toFixed(2)} ms`);

    // Retrieval: the product's understanding + hybrid search, against the baseline given the same query.
    const K = 10;
    const retrievalRows: { tags: string[]; value: { hybrid: RetrievalScore; baseline: RetrievalScore } }[] = [];
    const retrievalMs: number[] = [];
    for (const q of questions.filter(isAnswerable)) {
      const started = performance.now();
      const understood = understand(q.question, q.history ?? [], metas);
      const hits = await retrieve(index, understood, K);
      retrievalMs.push(performance.now() - started);
      const hybrid = scoreRetrieval(
        hits.map((h) => h.id),
        q.expect,
      )!;
      const base = scoreRetrieval(baseline.search(`${understood.retrievalText} ${understood.expansion.join(" ")}`, K), q.expect)!;
      retrievalRows.push({ tags: q.tags, value: { hybrid, baseline: base } });
    }
    const retrieval: Record<string, { hybrid: RetrievalSummary; baseline: RetrievalSummary }> = {};
    for (const [tag, rows] of byTag(retrievalRows)) {
      retrieval[tag] = { hybrid: summarize(rows.map((v) => v.hybrid)), baseline: summarize(rows.map((v) => v.baseline)) };
    }

    console.log(
      `questions: ${questions.length} (${retrievalRows.length} answerable), index: ${index.manifest.counts.chunks} chunks, baseline: ${baseline.chunkCount} chunks`,
    );
    console.log(`\nretrieval (answerable questions)         hybrid                   baseline (char chunks + BM25)`);
    console.log(`${"tag".padEnd(16)} ${"n".padStart(4)}   hit@1 recall@5    MRR     hit@1 recall@5    MRR`);
    for (const [tag, r] of Object.entries(retrieval)) {
      const [h, b] = [r.hybrid, r.baseline];
      console.log(
        `${tag.padEnd(16)} ${String(h.n).padStart(4)}  ${fmt(h.hit1)}  ${fmt(h.recall5)} ${fmt(h.mrr)}    ${fmt(b.hit1)}  ${fmt(b.recall5)} ${fmt(b.mrr)}`,
      );
    }
    const retrievalLatency = { p50: percentile(retrievalMs, 50), p95: percentile(retrievalMs, 95) };
    console.log(`retrieval latency (understanding + hybrid search): p50 ${ms(retrievalLatency.p50)}, p95 ${ms(retrievalLatency.p95)}`);

    // Answers: the offline assistant end to end, as POST /api/chat runs it.
    async function runAnswers(minStrength?: number) {
      const assistant = createAssistant(index, { minStrength });
      const rows: { tags: string[]; value: AnswerScore }[] = [];
      const misses: Miss[] = [];
      const latency: number[] = [];
      for (const q of questions) {
        const started = performance.now();
        const answer = await assistant.ask({ message: q.question, history: q.history });
        latency.push(performance.now() - started);
        const score = scoreAnswer(answer, q.expect);
        rows.push({ tags: q.tags, value: score });
        const failed = failedChecks(score);
        if (failed.length)
          misses.push({
            id: q.id,
            question: q.question,
            failed,
            status: answer.status,
            citations: answer.citations.slice(0, 3).map((c) => c.id),
          });
      }
      const report: Record<string, AnswerSummary> = {};
      for (const [tag, scores] of byTag(rows)) report[tag] = summarizeAnswers(scores);
      return { report, misses, latency: { p50: percentile(latency, 50), p95: percentile(latency, 95) } };
    }

    const answers = await runAnswers(minStrength);
    console.log(`\nanswers (offline, extractive)`);
    console.log(`${"tag".padEnd(16)} ${"n".padStart(4)}  top-cit  cit-rec   units  contains  refuse-P  refuse-R`);
    for (const [tag, a] of Object.entries(answers.report)) {
      console.log(
        `${tag.padEnd(16)} ${String(a.n).padStart(4)}   ${fmt(a.top)}   ${fmt(a.citationRecall)}  ${fmt(a.units)}   ${fmt(a.contains)}    ${fmt(a.refusalPrecision)}    ${fmt(a.refusalRecall)}`,
      );
    }
    console.log(`answer latency (in-process): p50 ${ms(answers.latency.p50)}, p95 ${ms(answers.latency.p95)}`);
    if (values.misses) {
      console.log(`\nmisses (${answers.misses.length} questions with a failed check)`);
      for (const m of answers.misses)
        console.log(
          `  ${m.id.padEnd(6)} ${m.failed.join(",").padEnd(14)} ${m.status.padEnd(9)} ${m.citations.join(" ") || "-"}  ${m.question}`,
        );
    }

    if (values.sweep) {
      console.log(`\nrefusal threshold sweep (min match strength → refusal P/R, top citation on answerable)`);
      for (const t of [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]) {
        const a = (await runAnswers(t)).report.all!;
        console.log(`  ${t.toFixed(2)}  P ${fmt(a.refusalPrecision)}  R ${fmt(a.refusalRecall)}  top ${fmt(a.top)}`);
      }
    }

    if (values.json) {
      writeFileSync(
        values.json,
        JSON.stringify(
          {
            questions: questions.length,
            retrieval,
            retrievalLatencyMs: retrievalLatency,
            answers: answers.report,
            answerLatencyMs: answers.latency,
            misses: answers.misses,
          },
          null,
          2,
        ),
      );
      console.log(`wrote ${values.json}`);
    }
  },
);

interface Miss {
  id: string;
  question: string;
  failed: string[];
  status: string;
  citations: string[];
}

/** The checks an answer failed, by name. */
function failedChecks(s: AnswerScore): string[] {
  const failed: string[] = [];
  if (s.refused !== s.shouldRefuse) failed.push(s.shouldRefuse ? "not-refused" : "refused");
  if (s.top === 0) failed.push("top");
  if (s.citationRecall !== null && s.citationRecall < 1) failed.push("need");
  if (s.units !== null && s.units < 1) failed.push("units");
  if (s.contains !== null && s.contains < 1) failed.push("contains");
  return failed;
}
