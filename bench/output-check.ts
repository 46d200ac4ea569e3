import { createAssistant } from "../src/answer/assistant.ts";
import { finalizeAnswer } from "../src/answer/check.ts";
import { verifyAgainstClauses } from "../src/answer/check-claims.ts";
import { runCli } from "../src/cli/run.ts";
import { loadConfig } from "../src/config.ts";
import { ensureIndex } from "../src/index/store.ts";
import { loadQuestions } from "../eval/questions.ts";

/**
 * `npx tsx bench/output-check.ts [--questions eval/questions.jsonl]`: how strict the LLM output check is.
 * The offline answers copy every fact from their clauses, so each should pass the check that LLM answers
 * must pass; the share that fails is the check's false-rejection rate on faithful text (a lower bound for
 * an LLM's). Also reports how many offline answers the sanitizer or the length cap changes (should be 0) and
 * the longest offline answer.
 */
await runCli(
  "usage: npx tsx bench/output-check.ts [--questions FILE]",
  { options: { questions: { type: "string", default: "eval/questions.jsonl" } } },
  async ({ values }) => {
    const config = loadConfig();
    const index = await ensureIndex(config, (m) => console.error(m));
    const assistant = createAssistant(index, { output: { maxChars: Number.MAX_SAFE_INTEGER, linkOrigins: [] } });
    let answered = 0;
    let passed = 0;
    let changed = 0;
    let longest = 0;
    const failures = new Map<string, number>();
    for (const q of loadQuestions(values.questions!)) {
      const a = await assistant.ask({ message: q.question, history: q.history });
      longest = Math.max(longest, a.answer.length);
      if (finalizeAnswer(a, config.answer).answer !== a.answer) changed++;
      if (a.status !== "answered" || !a.citations.length) continue;
      answered++;
      // The offline text also names its alternatives (low confidence); the plan itself is cited as "<plan>:plan".
      const cited = [...a.citations, ...(a.alternatives ?? [])];
      const clauses = cited.flatMap((c) => index.clauses.get(c.id) ?? []);
      const result = verifyAgainstClauses(a.answer, { clauses, planTitles: [...new Set(cited.map((c) => c.planTitle))] });
      if (result.ok) passed++;
      else {
        failures.set(result.reason, (failures.get(result.reason) ?? 0) + 1);
        console.error(`${result.reason} ${JSON.stringify(result.found)} ← ${q.question}`);
      }
    }
    console.log(`offline answers passing the LLM check: ${passed}/${answered} (${((100 * passed) / answered).toFixed(1)}%)`);
    for (const [reason, n] of failures) console.log(`  ${reason}: ${n}`);
    console.log(`offline answers changed by sanitize + cap (${config.answer.maxChars} chars): ${changed}; longest: ${longest} chars`);
  },
);
