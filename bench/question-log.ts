import { createAssistant } from "../src/answer/assistant.ts";
import { runCli, UsageError } from "../src/cli/run.ts";
import { loadConfig } from "../src/config.ts";
import { ensureIndex } from "../src/index/store.ts";
import { buildReport } from "../src/feedback/report.ts";
import { openQuestionLogService } from "../src/server/question-log.ts";
import { loadQuestions } from "../eval/questions.ts";

/**
 * `npm run bench:log [-- --rounds 5 --rows 20000]`: what the question log costs an answer (ask() with and
 * without the wrapper, alternating per question, medians over rounds), how fast queued rows are written,
 * and how long the report takes over that many rows. PGlite in memory, or DATABASE_URL when set.
 */
await runCli(
  "usage: npm run bench:log -- [--rounds N] [--rows N]",
  { options: { rounds: { type: "string", default: "5" }, rows: { type: "string", default: "20000" } } },
  async ({ values }) => {
    const rounds = Number(values.rounds);
    const rows = Number(values.rows);
    if (!Number.isInteger(rounds) || rounds < 1) throw new UsageError(`--rounds must be a positive integer, got ${values.rounds}`);
    if (!Number.isInteger(rows) || rows < 1) throw new UsageError(`--rows must be a positive integer, got ${values.rows}`);
    const config = loadConfig();
    const index = await ensureIndex(config);
    const service = openQuestionLogService(
      { ...config, questionLog: { ...config.questionLog, queueCapacity: rows * 2 } },
      { inMemory: !config.databaseUrl },
    );
    await service.database.ready();
    const plain = createAssistant(index);
    const logged = service.wrap(plain);
    const questions = loadQuestions("eval/questions.jsonl").map((q) => q.question);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

    const plainMs: number[] = [];
    const loggedMs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const p: number[] = [];
      const l: number[] = [];
      for (const message of questions) {
        let t = performance.now();
        await plain.ask({ message });
        p.push(performance.now() - t);
        t = performance.now();
        await logged.ask({ message, channel: "api", clientIp: "203.0.113.9" });
        l.push(performance.now() - t);
      }
      plainMs.push(median(p));
      loggedMs.push(median(l));
      await service.log.drain(30_000);
    }
    const a = median(plainMs);
    const b = median(loggedMs);
    console.log(
      `ask() median over ${questions.length} questions × ${rounds} rounds: ${a.toFixed(2)} ms plain, ${b.toFixed(2)} ms logged (×${(b / a).toFixed(3)})`,
    );

    // Fill the log with `rows` rows through the queue, then time the writes and the report.
    const answer = await logged.ask({ message: questions[0]! });
    for (let i = 0; i < rows; i++) {
      const message = questions[i % questions.length]!;
      service.log.record({
        input: { message, channel: i % 3 ? "widget" : "console" },
        answer: { ...answer, answerId: service.log.newAnswerId() },
        latencyMs: 5,
      });
    }
    let t = performance.now();
    await service.log.drain(600_000);
    const writeS = (performance.now() - t) / 1000;
    console.log(`${rows} queued rows written in ${writeS.toFixed(2)} s (${Math.round(rows / writeS)} rows/s, ${service.database.kind})`);
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) {
      t = performance.now();
      await buildReport(
        service.database,
        { from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 60_000) },
        { timeZone: "Asia/Shanghai" },
      );
      times.push(performance.now() - t);
    }
    console.log(`report over ${rows + questions.length * rounds + 1} rows: median ${median(times).toFixed(0)} ms`);
    await service.close();
  },
);
