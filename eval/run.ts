import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createAssistant } from "../src/answer/assistant.ts";
import { intentOf } from "../src/answer/intents.ts";
import { runCli, UsageError } from "../src/cli/run.ts";
import type { PolicyIndex } from "../src/index/store.ts";
import { retrieve } from "../src/retrieve/pipeline.ts";
import { understand } from "../src/understand/understand.ts";
import { type AnswerScore, type AnswerSummary, scoreAnswer, summarizeAnswers } from "./answers.ts";
import { buildBaseline } from "./baseline.ts";
import { indexForCorpus } from "./corpora.ts";
import { type Figures, KEY_TAGS, regressions, TOLERANCE } from "./check.ts";
import { byTag, percentile, type RetrievalScore, type RetrievalSummary, scoreRetrieval, summarize } from "./metrics.ts";
import { type EvalCorpus, isAnswerable, loadQuestions, type QuestionSet, standardSets } from "./questions.ts";

/**
 * `npm run eval`: the offline assistant on the dev set (tuned on), the test set (decides) and every blind
 * set in eval/, side by side, per tag; `--check` fails when a guarded figure fell by more than a point
 * against eval/baseline.json.
 */
const USAGE =
  "usage: npm run eval -- [--set NAME] [--questions FILE [--corpus seeds|fixtures]] [--misses] [--check] [--write-baseline] [--json OUT] [--min-strength 0..1] [--sweep]";
const BASELINE_FILE = "eval/baseline.json";
/** The in-process answer latency the product promises (p50). */
const P50_BUDGET_MS = 10;
const fmt = (x: number | null | undefined) => (x === null || x === undefined ? "   -  " : x.toFixed(3).padStart(6));
const ms = (x: number | null) => (x === null ? "-" : `${x.toFixed(2)} ms`);
const COL = 17;

await runCli(
  USAGE,
  {
    options: {
      set: { type: "string" },
      questions: { type: "string" },
      corpus: { type: "string" },
      json: { type: "string" },
      "min-strength": { type: "string" },
      sweep: { type: "boolean", default: false },
      misses: { type: "boolean", default: false },
      check: { type: "boolean", default: false },
      "write-baseline": { type: "boolean", default: false },
    },
  },
  async ({ values }) => {
    const minStrength = values["min-strength"] ? Number(values["min-strength"]) : undefined;
    if (minStrength !== undefined && !(minStrength >= 0 && minStrength <= 1))
      throw new UsageError(`--min-strength must be a number from 0 to 1, got ${values["min-strength"]}`);
    const corpus = values.corpus ?? "seeds";
    if (corpus !== "seeds" && corpus !== "fixtures") throw new UsageError(`--corpus is seeds or fixtures, got ${corpus}`);
    if (values.corpus && !values.questions) throw new UsageError("--corpus goes with --questions (standard sets know their corpus)");
    let sets: QuestionSet[] = values.questions ? [{ name: "file", questions: loadQuestions(values.questions), corpus }] : standardSets();
    if (values.set) {
      sets = sets.filter((s) => s.name === values.set);
      if (!sets.length)
        throw new UsageError(
          `no set named ${values.set}; sets: ${standardSets()
            .map((s) => s.name)
            .join(", ")}`,
        );
    }
    if ((values.check || values["write-baseline"]) && (values.questions || values.set || minStrength !== undefined))
      throw new UsageError("--check and --write-baseline run the standard sets with the default settings");

    const corpora = new Map<EvalCorpus, { index: PolicyIndex; naive: Awaited<ReturnType<typeof buildBaseline>> }>();
    for (const c of new Set(sets.map((s) => s.corpus ?? "seeds"))) {
      const index = await indexForCorpus(c, (m) => console.error(m));
      corpora.set(c, { index, naive: await buildBaseline(index.plans, index.tokenizer) });
    }
    const runs: SetRun[] = [];
    for (const set of sets) {
      const { index, naive } = corpora.get(set.corpus ?? "seeds")!;
      runs.push(await runSet(index, naive, set, minStrength));
    }

    for (const [name, { index, naive }] of corpora)
      console.log(
        `index (${name}): ${index.plans.length} plans, ${index.manifest.counts.chunks} chunks (${index.manifest.embedder.id}); naive baseline: ${naive.chunkCount} chunks`,
      );
    console.log(`sets: ${runs.map((r) => `${r.name} ${r.n} (${r.answerable} answerable)`).join(", ")}`);
    printHeadline(runs);
    printByTag(runs);
    if (values.misses) for (const r of runs) printMisses(r);

    if (values.sweep) {
      console.log(`\nrefusal threshold sweep on dev (min match strength → refusal P/R, top citation, answerable refused)`);
      const dev = sets.find((s) => s.name === "dev") ?? sets[0]!;
      const { index, naive } = corpora.get(dev.corpus ?? "seeds")!;
      for (const t of [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]) {
        const a = (await runSet(index, naive, dev, t)).answers.all!;
        console.log(
          `  ${t.toFixed(2)}  P ${fmt(a.refusalPrecision)}  R ${fmt(a.refusalRecall)}  top ${fmt(a.top)}  ans-refused ${fmt(a.answerableRefused)}`,
        );
      }
    }

    const figures: Figures = Object.fromEntries(runs.map((r) => [r.name, r.answers]));
    if (values.json) {
      const out = runs.map(({ name, n, answers, retrieval, latency, misses }) => ({ name, n, answers, retrieval, latency, misses }));
      writeFileSync(values.json, JSON.stringify(out, null, 2));
      console.log(`wrote ${values.json}`);
    }
    if (values["write-baseline"]) {
      writeFileSync(BASELINE_FILE, `${JSON.stringify(roundFigures(figures), null, 1)}\n`);
      console.log(`wrote ${BASELINE_FILE}`);
    }
    if (values.check) {
      if (!existsSync(BASELINE_FILE)) throw new Error(`${BASELINE_FILE} is missing; create it with --write-baseline`);
      const problems = regressions(JSON.parse(readFileSync(BASELINE_FILE, "utf8")) as Figures, figures);
      const slow = runs.filter((r) => (r.latency.p50 ?? 0) >= P50_BUDGET_MS);
      for (const r of slow) problems.push(`${r.name}: answer p50 ${ms(r.latency.p50)} ≥ ${P50_BUDGET_MS} ms`);
      if (problems.length) {
        console.log(`\ncheck FAILED against ${BASELINE_FILE} (a drop of more than ${TOLERANCE * 100} point):`);
        for (const p of problems) console.log(`  ${p}`);
        process.exitCode = 1;
      } else console.log(`\ncheck passed against ${BASELINE_FILE}`);
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

interface SetRun {
  name: string;
  n: number;
  answerable: number;
  answers: Record<string, AnswerSummary>;
  retrieval: Record<string, { hybrid: RetrievalSummary; naive: RetrievalSummary }>;
  latency: { p50: number | null; p95: number | null };
  misses: Miss[];
  /** Per confidence level: answers with a gold first citation, how many were right, their summed confidence. */
  calibration: Record<string, { n: number; right: number; confidence: number }>;
}

async function runSet(
  index: PolicyIndex,
  naive: Awaited<ReturnType<typeof buildBaseline>>,
  set: QuestionSet,
  minStrength?: number,
): Promise<SetRun> {
  const metas = index.plans.map((p) => p.meta);
  const K = 10;
  // Retrieval: the product's understanding + hybrid search, against the naive baseline given the same query.
  const retrievalRows: { tags: string[]; value: { hybrid: RetrievalScore; naive: RetrievalScore } }[] = [];
  for (const q of set.questions.filter(isAnswerable)) {
    const understood = understand(q.question, q.history ?? [], metas);
    const hits = await retrieve(index, understood, K, intentOf(understood).retrieval);
    const hybrid = scoreRetrieval(
      hits.map((h) => h.id),
      q.expect,
    )!;
    const base = scoreRetrieval(naive.search(`${understood.retrievalText} ${understood.expansion.join(" ")}`, K), q.expect)!;
    retrievalRows.push({ tags: q.tags, value: { hybrid, naive: base } });
  }
  const retrieval: SetRun["retrieval"] = {};
  for (const [tag, rows] of byTag(retrievalRows))
    retrieval[tag] = { hybrid: summarize(rows.map((v) => v.hybrid)), naive: summarize(rows.map((v) => v.naive)) };

  // Answers: the offline assistant end to end, as POST /api/chat runs it.
  const assistant = createAssistant(index, { minStrength });
  const rows: { tags: string[]; value: AnswerScore }[] = [];
  const misses: Miss[] = [];
  const latency: number[] = [];
  const calibration: Record<string, { n: number; right: number; confidence: number }> = {};
  for (const q of set.questions) {
    const started = performance.now();
    const answer = await assistant.ask({ message: q.question, history: q.history, district: q.district });
    latency.push(performance.now() - started);
    const score = scoreAnswer(answer, q.expect);
    rows.push({ tags: q.tags, value: score });
    if (score.top !== null && !score.shouldRefuse && answer.confidenceLevel) {
      const c = (calibration[answer.confidenceLevel] ??= { n: 0, right: 0, confidence: 0 });
      c.n++;
      c.right += score.top;
      c.confidence += answer.confidence ?? 0;
    }
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
  const answers: Record<string, AnswerSummary> = {};
  for (const [tag, scores] of byTag(rows)) answers[tag] = summarizeAnswers(scores);
  return {
    name: set.name,
    n: set.questions.length,
    answerable: retrievalRows.length,
    answers,
    retrieval,
    latency: { p50: percentile(latency, 50), p95: percentile(latency, 95) },
    misses,
    calibration,
  };
}

/** The headline figures of every set side by side. */
function printHeadline(runs: SetRun[]) {
  const rows: [string, (r: SetRun) => number | null | undefined][] = [
    ["first citation (top)", (r) => r.answers.all?.top],
    ["citation recall (need)", (r) => r.answers.all?.citationRecall],
    ["units listed", (r) => r.answers.all?.units],
    ["figures quoted", (r) => r.answers.all?.contains],
    ["answerable refused (↓)", (r) => r.answers.all?.answerableRefused],
    ["out-of-scope refused", (r) => r.answers.all?.refusalRecall],
    ["refusal precision", (r) => r.answers.all?.refusalPrecision],
    ["small talk handled", (r) => r.answers.all?.smalltalk],
    ["retrieval hit@1", (r) => r.retrieval.all?.hybrid.hit1],
    ["retrieval recall@5", (r) => r.retrieval.all?.hybrid.recall5],
    ["naive hit@1", (r) => r.retrieval.all?.naive.hit1],
  ];
  console.log(`\n${"all questions".padEnd(26)}${runs.map((r) => r.name.padStart(COL)).join("")}`);
  for (const [label, get] of rows) console.log(`${label.padEnd(26)}${runs.map((r) => fmt(get(r)).padStart(COL)).join("")}`);
  for (const level of ["high", "medium", "low"]) {
    const cell = (r: SetRun) => {
      const c = r.calibration[level];
      return c ? `${(c.right / c.n).toFixed(2)}/${(c.confidence / c.n).toFixed(2)} (${c.n})` : "-";
    };
    console.log(`${`${level}: right/conf (n)`.padEnd(26)}${runs.map((r) => cell(r).padStart(COL)).join("")}`);
  }
  console.log(
    `${"answer p50 / p95 (ms)".padEnd(26)}${runs.map((r) => `${r.latency.p50?.toFixed(2)}/${r.latency.p95?.toFixed(2)}`.padStart(COL)).join("")}`,
  );
}

/** Per tag: n and first citation, answerable refused, out-of-scope refused, for every set side by side. */
function printByTag(runs: SetRun[]) {
  const present = new Set(runs.flatMap((r) => Object.keys(r.answers)));
  const tags = [...KEY_TAGS.filter((t) => present.has(t)), ...[...present].filter((t) => !KEY_TAGS.includes(t)).sort()];
  const cell = (s: AnswerSummary | undefined) =>
    s
      ? `${String(s.n).padStart(4)} ${fmt(s.top)} ${fmt(s.citationRecall)} ${fmt(s.units)} ${fmt(s.answerableRefused)} ${fmt(s.refusalRecall)} ${fmt(s.smalltalk)}`
      : " ".repeat(46);
  console.log(`\nper tag: n, top citation, citation recall, units listed, answerable refused (↓), out-of-scope refused, small talk`);
  console.log(`${"tag".padEnd(14)}${runs.map((r) => ` | ${r.name.padEnd(46)}`).join("")}`);
  for (const t of tags) console.log(`${t.padEnd(14)}${runs.map((r) => ` | ${cell(r.answers[t])}`).join("")}`);
}

function printMisses(r: SetRun) {
  console.log(`\nmisses in ${r.name} (${r.misses.length} questions with a failed check)`);
  for (const m of r.misses)
    console.log(
      `  ${m.id.padEnd(8)} ${m.failed.join(",").padEnd(14)} ${m.status.padEnd(9)} ${m.citations.join(" ") || "-"}  ${m.question}`,
    );
}

/** The checks an answer failed, by name. */
function failedChecks(s: AnswerScore): string[] {
  const failed: string[] = [];
  if (s.refused !== s.shouldRefuse) failed.push(s.shouldRefuse ? "not-refused" : "refused");
  if (s.top === 0) failed.push("top");
  if (s.citationRecall !== null && s.citationRecall < 1) failed.push("need");
  if (s.units !== null && s.units < 1) failed.push("units");
  if (s.contains !== null && s.contains < 1) failed.push("contains");
  if (s.smalltalk === 0) failed.push("smalltalk");
  return failed;
}

function roundFigures(f: Figures): Figures {
  const round = (x: unknown) => (typeof x === "number" ? Math.round(x * 1000) / 1000 : x);
  return Object.fromEntries(
    Object.entries(f).map(([set, tags]) => [
      set,
      Object.fromEntries(
        Object.entries(tags)
          .filter(([tag]) => KEY_TAGS.includes(tag))
          .map(([tag, s]) => [tag, Object.fromEntries(Object.entries(s).map(([k, v]) => [k, round(v)]))]),
      ),
    ]),
  ) as unknown as Figures;
}
