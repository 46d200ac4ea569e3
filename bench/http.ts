import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadQuestions } from "../eval/questions.ts";
import { runCli, UsageError } from "../src/cli/run.ts";
import type { LoadResult as ClientResult, LoadSpec } from "./http-load.ts";
import { waitReady } from "./ready.ts";

/**
 * `npm run bench:http`: requests per second of POST /api/chat against an Express 5 hello-world POST, in one
 * run on this machine. Each server runs in its own process (the real one is `npm start`'s compiled entry,
 * offline, with its seed index, question log, metrics and request log), the load generator (autocannon) in
 * another. For every concurrency, every target gets the same 10 rotating JSON bodies, in interleaved
 * rounds (the order of targets rotates per round); the figures are medians over rounds, the ratio is the
 * median of the per-round ratios. `--baseline DIR` adds another checkout's server (e.g. main) as a target.
 */
const USAGE =
  "usage: npm run bench:http -- [--rounds N] [--seconds S] [--concurrency 1,10,50,200] [--questions N] [--baseline DIR] [--no-uncached] [--json FILE] [--cpu-prof DIR]";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const CLOCK_TICK_US = 1e6 / (Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100);

await runCli(
  USAGE,
  {
    options: {
      rounds: { type: "string", default: "3" },
      seconds: { type: "string", default: "4" },
      concurrency: { type: "string", default: "1,10,50,200" },
      questions: { type: "string", default: "10" },
      baseline: { type: "string" },
      "no-uncached": { type: "boolean", default: false },
      json: { type: "string" },
      "cpu-prof": { type: "string" },
    },
  },
  async ({ values }) => {
    const rounds = positive(values.rounds, "--rounds");
    const seconds = positive(values.seconds, "--seconds");
    const concurrencies = values.concurrency.split(",").map((c) => positive(c, "--concurrency"));
    const bodies = rotatingBodies(positive(values.questions, "--questions"));
    const tmp = mkdtempSync(join(tmpdir(), "bench-http-"));
    const servers: Server[] = [];
    const cleanup = () => {
      for (const s of servers) s.child.kill("SIGKILL");
      rmSync(tmp, { recursive: true, force: true });
    };
    process.once("exit", cleanup);
    try {
      build(ROOT);
      if (values.baseline) build(resolve(values.baseline));
      // --cpu-prof DIR: V8 CPU profiles of the hello-world and the chat server, in DIR/hello-world and DIR/chat.
      const profile = (name: string) =>
        values["cpu-prof"] ? ["--cpu-prof", "--cpu-prof-dir", join(resolve(values["cpu-prof"]), name)] : [];
      servers.push(
        await startServer(
          "hello-world",
          process.execPath,
          [...profile("hello-world"), "--import", TSX, join(ROOT, "bench/http-hello.ts")],
          {},
          /^listening (\d+)/,
        ),
      );
      servers.push(await startApp("chat", ROOT, tmp, {}, profile("chat")));
      if (!values["no-uncached"]) servers.push(await startApp("chat, no cache", ROOT, tmp, { ANSWER_CACHE_ENTRIES: "0" }));
      if (values.baseline) servers.push(await startApp("chat (baseline)", resolve(values.baseline), tmp, {}));
      for (const s of servers) await checkAnswers(s, bodies);
      console.log(
        `${bodies.length} rotating questions; ${rounds} rounds × ${seconds} s per target and concurrency; targets: ${servers.map((s) => s.name).join(", ")}`,
      );

      // Warm-up: JIT, lazily built tables, the database's first writes.
      for (const s of servers) await load(s, { connections: 10, seconds: 2, bodies });

      const results = new Map<string, LoadResult[]>();
      const key = (target: string, c: number) => `${target}@${c}`;
      for (let round = 0; round < rounds; round++) {
        for (const c of concurrencies) {
          const order = servers.map((_, i) => servers[(i + round) % servers.length]!);
          for (const s of order) {
            const r = await load(s, { connections: c, seconds, bodies });
            results.set(key(s.name, c), [...(results.get(key(s.name, c)) ?? []), r]);
            process.stderr.write(
              `round ${round + 1} c=${c} ${s.name}: ${r.rps.toFixed(0)}/s p50 ${r.p50.toFixed(2)} p99 ${r.p99.toFixed(2)} ms, CPU µs/req server ${r.serverMainUs.toFixed(0)} (all threads ${r.serverAllUs.toFixed(0)}) client ${r.clientCpuUs.toFixed(0)}${r.non2xx || r.errors ? ` (${r.non2xx} non-2xx, ${r.errors} errors)` : ""}\n`,
            );
          }
        }
      }

      const table: Record<string, unknown>[] = [];
      console.log(
        "\n| concurrency | target | requests/s | × hello-world | p50 ms | p99 ms | CPU µs/req: server main thread / all threads / load generator | non-2xx / errors | log bytes/req |",
      );
      console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
      for (const c of concurrencies) {
        const hello = results.get(key("hello-world", c))!;
        for (const s of servers) {
          const rs = results.get(key(s.name, c))!;
          const ratio = median(rs.map((r, i) => r.rps / hello[i]!.rps));
          const row = {
            concurrency: c,
            target: s.name,
            rps: median(rs.map((r) => r.rps)),
            ratio,
            p50: median(rs.map((r) => r.p50)),
            p99: median(rs.map((r) => r.p99)),
            serverMainUs: median(rs.map((r) => r.serverMainUs)),
            serverAllUs: median(rs.map((r) => r.serverAllUs)),
            clientCpuUs: median(rs.map((r) => r.clientCpuUs)),
            non2xx: rs.reduce((n, r) => n + r.non2xx, 0),
            errors: rs.reduce((n, r) => n + r.errors + r.timeouts, 0),
            logBytesPerRequest: s.requests ? s.logBytes / s.requests : 0,
          };
          table.push(row);
          console.log(
            `| ${c} | ${s.name} | ${row.rps.toFixed(0)} | ${s.name === "hello-world" ? "1" : ratio.toFixed(2)} | ${row.p50.toFixed(2)} | ${row.p99.toFixed(2)} | ${row.serverMainUs.toFixed(0)} / ${row.serverAllUs.toFixed(0)} / ${row.clientCpuUs.toFixed(0)} | ${row.non2xx} / ${row.errors} | ${row.logBytesPerRequest.toFixed(0)} |`,
          );
        }
      }
      if (values.json) (await import("node:fs")).writeFileSync(values.json, JSON.stringify(table, null, 2));
      if (table.some((r) => (r.non2xx as number) > 0 || (r.errors as number) > 0)) process.exitCode = 1;
    } finally {
      for (const s of servers) s.child.kill("SIGTERM");
      await Promise.all(servers.map((s) => s.exited));
      process.off("exit", cleanup);
      cleanup();
    }
  },
);

interface LoadResult extends ClientResult {
  /** The server process's CPU time per request over the run, µs: its main thread (the event loop) and all its threads. */
  serverMainUs: number;
  serverAllUs: number;
}

interface Server {
  name: string;
  url: string;
  child: ChildProcess;
  exited: Promise<void>;
  /** Bytes the server wrote to stdout (its request log) while loaded, and the requests sent meanwhile. */
  logBytes: number;
  requests: number;
  bytesNow(): number;
}

function positive(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got ${value}`);
  return n;
}

/** The first N dev questions of an even spread over eval/questions.jsonl, with their history and district as asked. */
function rotatingBodies(n: number): string[] {
  const questions = loadQuestions(join(ROOT, "eval/questions.jsonl"));
  const step = Math.max(1, Math.floor(questions.length / n));
  return Array.from({ length: Math.min(n, questions.length) }, (_, i) => {
    const q = questions[i * step]!;
    return JSON.stringify({ message: q.question, history: q.history, district: q.district, channel: "widget" });
  });
}

function build(dir: string) {
  const r = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) throw new Error(`building the server in ${dir} failed`);
}

/** The real server: `npm start`'s compiled entry of checkout `dir`, offline, its own data folder, limits out of the way. */
function startApp(name: string, dir: string, tmp: string, extra: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<Server> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: "127.0.0.1",
    PORT: "0",
    CORPUS_DIR: join(ROOT, "corpus"),
    DATA_DIR: mkdtempSync(join(tmp, "data-")),
    // Only the load generator's one address asks: a per-client limit would refuse it within a second.
    RATE_LIMIT_PER_MINUTE: "1000000000",
    CONSOLE_RATE_LIMIT_PER_MINUTE: "1000000000",
    // The concurrency bound refuses the 201st answer at once; the benchmark measures answers, not refusals.
    MAX_CONCURRENT_ANSWERS: "1000",
    LOG_LEVEL: "info",
    ...extra,
  };
  for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "CHAT_MODEL", "EMBEDDING_MODEL", "EMBEDDING_BASE_URL", "NODE_OPTIONS"])
    delete env[key];
  return startServer(
    name,
    process.execPath,
    [...nodeArgs, join(dir, "dist/server/main.js")],
    env,
    /listening on http:\/\/127\.0\.0\.1:(\d+)/,
    true,
  );
}

async function startServer(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  listening: RegExp,
  app = false,
): Promise<Server> {
  const child = spawn(command, args, { env: Object.keys(env).length ? env : process.env, stdio: ["ignore", "pipe", "inherit"] });
  let bytes = 0;
  let head = "";
  const port = await new Promise<number>((resolvePort, reject) => {
    child.once("exit", (code) => reject(new Error(`${name} exited with ${code} before listening`)));
    child.stdout!.on("data", (d: Buffer) => {
      bytes += d.byteLength;
      if (head.length < 100_000) {
        head += d.toString();
        const m = listening.exec(head);
        if (m) resolvePort(Number(m[1]));
      }
    });
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const server: Server = { name, url: `http://127.0.0.1:${port}`, child, exited, logBytes: 0, requests: 0, bytesNow: () => bytes };
  if (app) await waitReady(server.url, 120_000);
  return server;
}

/** Every body gets a 200 (and, from the real app, a cited answer) before anything is timed. */
async function checkAnswers(server: Server, bodies: string[]) {
  for (const body of bodies) {
    const res = await fetch(`${server.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body });
    const json = (await res.json()) as { status?: string };
    if (!res.ok) throw new Error(`${server.name}: ${res.status} for ${body}: ${JSON.stringify(json)}`);
  }
}

/** One load run from a fresh client process. */
async function load(server: Server, { connections, seconds, bodies }: Omit<LoadSpec, "url">): Promise<LoadResult> {
  const spec: LoadSpec = { url: `${server.url}/api/chat`, connections, seconds, bodies };
  const before = server.bytesNow();
  const cpuBefore = threadCpu(server.child.pid);
  const child = spawn(process.execPath, ["--import", TSX, join(ROOT, "bench/http-load.ts"), JSON.stringify(spec)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const code = await new Promise<number | null>((r) => child.once("exit", r));
  if (code !== 0) throw new Error(`the load generator exited with ${code}`);
  const cpu = threadCpu(server.child.pid);
  const client = JSON.parse(out.trim().split("\n").at(-1)!) as ClientResult;
  const perRequest = (us: number) => (client.requests ? us / client.requests : Number.NaN);
  const result: LoadResult = {
    ...client,
    serverMainUs: perRequest(cpu.main - cpuBefore.main),
    serverAllUs: perRequest(cpu.all - cpuBefore.all),
  };
  server.logBytes += server.bytesNow() - before;
  server.requests += result.requests;
  return result;
}

/** User + system CPU of a process's main thread and of all its threads, µs, from /proc (NaN where there is none). */
function threadCpu(pid: number | undefined): { main: number; all: number } {
  const ticks = (stat: string) => {
    // Fields after the command name (which may hold spaces) in parentheses: utime and stime are the 12th and 13th.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) * CLOCK_TICK_US;
  };
  try {
    let all = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) all += ticks(readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8"));
    return { main: ticks(readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8")), all };
  } catch {
    return { main: Number.NaN, all: Number.NaN };
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
