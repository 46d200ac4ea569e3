import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadQuestions } from "../eval/questions.ts";
import { runCli, UsageError } from "../src/cli/run.ts";
import { waitReady } from "./ready.ts";

/**
 * `npm run soak [-- --concurrency 20 --seconds 60]`: the real server (`npm start`'s entry, offline, this
 * repository's corpus and data/) in its own process on 127.0.0.1, under a fixed number of concurrent
 * clients for a set time, cycling through /api/chat, /api/chat/stream, /v1/chat/completions and
 * /api/search with the dev questions. Prints the request count and latency, every non-2xx status and
 * socket error, the log volume, and the server's RSS sampled each second; then stops the server with
 * SIGTERM and reports its exit code.
 */
const USAGE = "usage: npm run soak -- [--concurrency N] [--seconds S] [--sample-ms MS]";

await runCli(
  USAGE,
  {
    options: {
      concurrency: { type: "string", default: "20" },
      seconds: { type: "string", default: "60" },
      "sample-ms": { type: "string", default: "1000" },
    },
  },
  async ({ values }) => {
    const concurrency = positive(values.concurrency, "--concurrency");
    const seconds = positive(values.seconds, "--seconds");
    const sampleMs = positive(values["sample-ms"], "--sample-ms");
    const questions = loadQuestions("eval/questions.jsonl").map((q) => q.question);

    const server = startServer();
    const url = await server.url;
    await waitReady(url, 120_000);
    console.log(`server ready at ${url} (pid ${server.pid}); ${concurrency} clients for ${seconds} s`);

    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(rssMb(server.pid)), sampleMs);
    rss.push(rssMb(server.pid));
    const statuses = new Map<string, number>();
    const errors = new Map<string, number>();
    const latencies: number[] = [];
    const byRoute = new Map<string, number[]>();
    const logBytesBefore = server.logBytes();
    const deadline = performance.now() + seconds * 1000;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          const n = next++;
          const question = questions[n % questions.length]!;
          const { path, init } = request(n % 4, question);
          const t0 = performance.now();
          try {
            const res = await fetch(`${url}${path}`, init);
            await res.arrayBuffer();
            const key = `${path.split("?")[0]} ${res.status}`;
            statuses.set(key, (statuses.get(key) ?? 0) + 1);
          } catch (err) {
            const key = `${path.split("?")[0]}: ${(err as Error).cause ?? (err as Error).message}`;
            errors.set(key, (errors.get(key) ?? 0) + 1);
          }
          const ms = performance.now() - t0;
          latencies.push(ms);
          const route = path.split("?")[0]!;
          // push, not a spread copy per request: the client's own cost must stay flat over a long run.
          const xs = byRoute.get(route);
          if (xs) xs.push(ms);
          else byRoute.set(route, [ms]);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    clearInterval(sampler);
    rss.push(rssMb(server.pid));
    const logBytes = server.logBytes() - logBytesBefore;

    const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!.toFixed(1);
    const summary = (xs: number[]) => {
      xs.sort((a, b) => a - b);
      return `p50 ${pct(xs, 50)} ms, p95 ${pct(xs, 95)} ms, p99 ${pct(xs, 99)} ms`;
    };
    const total = latencies.length;
    console.log(`requests: ${total} in ${elapsed.toFixed(1)} s (${(total / elapsed).toFixed(0)}/s); latency ${summary(latencies)}`);
    for (const [route, xs] of [...byRoute].sort())
      console.log(`  ${route}: ${summary(xs)} (server's own time: ${summary(server.serverMs.get(route) ?? [0])})`);
    console.log("responses:");
    for (const [key, count] of [...statuses].sort()) console.log(`  ${key}: ${count}`);
    const failed = [...statuses].filter(([key]) => !/ 2\d\d$/.test(key)).reduce((s, [, c]) => s + c, 0);
    console.log(`errors: ${failed} non-2xx, ${[...errors.values()].reduce((s, c) => s + c, 0)} socket/client errors`);
    for (const [key, count] of errors) console.log(`  ${key}: ${count}`);
    console.log(`log: ${(logBytes / 1024).toFixed(0)} kB (${(logBytes / Math.max(1, total)).toFixed(0)} bytes per request)`);
    console.log(`server RSS (MB, every ${sampleMs} ms): ${rss.map((r) => r.toFixed(0)).join(" ")}`);
    const sorted = [...rss].sort((a, b) => a - b);
    console.log(
      `RSS min ${sorted[0]!.toFixed(0)} MB, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} MB, max ${sorted.at(-1)!.toFixed(0)} MB`,
    );

    server.stop();
    const exit = await server.exited;
    console.log(`server stopped with SIGTERM: exit code ${exit}`);
    if (failed || errors.size || exit !== 0) process.exitCode = 1;
  },
);

function positive(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got ${value}`);
  return n;
}

/** The n-th kind of request, in rotation. */
function request(kind: number, question: string): { path: string; init?: RequestInit } {
  const post = (body: unknown): RequestInit => ({
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (kind === 0) return { path: "/api/chat", init: post({ message: question, channel: "widget" }) };
  if (kind === 1) return { path: "/api/chat/stream", init: post({ message: question, channel: "widget" }) };
  if (kind === 2)
    return { path: "/v1/chat/completions", init: post({ model: "policy-assistant", messages: [{ role: "user", content: question }] }) };
  return { path: `/api/search?${new URLSearchParams({ q: question, k: "8" })}` };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

function startServer() {
  const main = fileURLToPath(new URL("../src/server/main.ts", import.meta.url));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  // Offline whatever the environment says, limits high enough that only the concurrency bound could refuse.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: "127.0.0.1",
    PORT: "0",
    RATE_LIMIT_PER_MINUTE: "100000000",
    CONSOLE_RATE_LIMIT_PER_MINUTE: "100000000",
  };
  for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "CHAT_MODEL", "EMBEDDING_MODEL", "EMBEDDING_BASE_URL"]) delete env[key];
  const child = spawn(process.execPath, ["--import", tsx, main], { env, stdio: ["ignore", "pipe", "inherit"] });
  let bytes = 0;
  let resolveUrl: (url: string) => void;
  const url = new Promise<string>((r) => {
    resolveUrl = r;
  });
  let head = "";
  let partial = "";
  // The server's own time per request, from its request log lines: what the server did, without client-side queueing.
  const serverMs = new Map<string, number[]>();
  child.stdout.on("data", (d: Buffer) => {
    bytes += d.byteLength;
    if (head.length < 100_000) {
      head += d.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(head);
      if (m) resolveUrl(`http://127.0.0.1:${m[1]}`);
    }
    const lines = (partial + d.toString()).split("\n");
    partial = lines.pop()!;
    for (const line of lines) {
      const m = /"path":"([^"]*)".*"responseTime":(\d+)/.exec(line);
      if (!m) continue;
      const xs = serverMs.get(m[1]!);
      if (xs) xs.push(Number(m[2]));
      else serverMs.set(m[1]!, [Number(m[2])]);
    }
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  process.once("exit", () => child.kill("SIGKILL"));
  return { pid: child.pid!, url, exited, serverMs, logBytes: () => bytes, stop: () => child.kill("SIGTERM") };
}
