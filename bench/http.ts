import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createAssistant } from "../src/answer/assistant.ts";
import { loadConfig } from "../src/config.ts";
import { ensureIndex } from "../src/index/store.ts";
import { createApp, readyState } from "../src/server/app.ts";
import { loadQuestions } from "../eval/questions.ts";
import { runCli, UsageError } from "../src/cli/run.ts";

/**
 * `npm run bench:http [-- --rounds 5]`: POST /api/chat latency, offline, over loopback to an in-process
 * server, for every dev question; several rounds, reporting the median of the per-round p50/p95.
 */
await runCli("usage: npm run bench:http -- [--rounds N]", { options: { rounds: { type: "string", default: "5" } } }, async ({ values }) => {
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new UsageError(`--rounds must be a positive integer, got ${values.rounds}`);
  const config = { ...loadConfig(), rateLimitPerMinute: 1_000_000 };
  const index = await ensureIndex(config);
  const app = createApp({ state: readyState(createAssistant(index, { output: config.answer })), config });
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/chat`;
  const questions = loadQuestions("eval/questions.jsonl");

  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
  const median = (xs: number[]) => pct(xs, 50);
  const p50s: number[] = [];
  const p95s: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const times: number[] = [];
    for (const q of questions) {
      const started = performance.now();
      const res = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ message: q.question, history: q.history }),
      });
      await res.json();
      times.push(performance.now() - started);
    }
    p50s.push(pct(times, 50));
    p95s.push(pct(times, 95));
  }
  console.log(
    `POST /api/chat, ${questions.length} questions × ${values.rounds} rounds: p50 ${median(p50s).toFixed(2)} ms, p95 ${median(p95s).toFixed(2)} ms (medians over rounds)`,
  );
  server.close();
});
