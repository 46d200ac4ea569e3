import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli, UsageError } from "../src/cli/run.ts";

/**
 * `npm run bench:start [-- --rounds 5 --after-ms 3000 --baseline DIR]`: how long `npm start`'s compiled server
 * takes from spawn to the first 200 of /readyz with a built index and an existing database, and the longest
 * stretch its event loop was held (no timer ran) before ready and in the `--after-ms` after it — when the
 * first requests arrive. Every target (this checkout, and with --baseline another one, e.g. a clone of main)
 * gets its own data folder, prepared by one start that builds the index and the database; then the targets
 * start in interleaved rounds; the figures are medians over rounds. Also: the main thread's CPU time at ready
 * (what a start costs whatever the machine's load), how long that thread waited for a core (other processes' load;
 * wall minus it is the start on a machine with a core free), when the question log's database said ready (its migrations
 * done) relative to /readyz, and how long the first question took, asked once the `--after-ms` window is over.
 */
const USAGE = "usage: npm run bench:start -- [--rounds N] [--after-ms MS] [--baseline DIR]";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PRELOAD = join(ROOT, "bench/loop-block.mjs");

interface Round {
  readyMs: number;
  blockBeforeMs: number;
  blockAfterMs: number;
  /** The database's "ready" log line, ms after /readyz said ready (negative: before). */
  databaseMs: number | null;
  /** CPU time of the server's main thread when /readyz first said ready (Linux: /proc), ms. */
  mainCpuMs: number | null;
  /**
   * How long the main thread was runnable but waiting for a core until ready (Linux: /proc/PID/schedstat), ms:
   * the part of the wall time that other processes' load added. Wall time minus this is what the start takes
   * on a machine with a core free for it.
   */
  runQueueMs: number | null;
  /** The first /api/chat answer, asked once the `--after-ms` window has passed, ms. */
  firstAnswerMs: number;
}

/** CPU time (user + system) of one thread of a process, ms; null where /proc is not there. */
function threadCpuMs(pid: number, tid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** Time on a core and time waiting in the run queue for one (ms) of a process's main thread; null without /proc. */
function schedMs(pid: number): { onCpuMs: number; runQueueMs: number } | null {
  try {
    const [onCpu, waiting] = readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ").map(Number);
    return { onCpuMs: Math.round(onCpu! / 1e6), runQueueMs: Math.round(waiting! / 1e6) };
  } catch {
    return null;
  }
}

/** How long a start may take to say its database is ready, after /readyz (the embedded one may come up later). */
const DATABASE_WAIT_MS = 20_000;

await runCli(
  USAGE,
  {
    options: {
      rounds: { type: "string", default: "5" },
      "after-ms": { type: "string", default: "3000" },
      baseline: { type: "string" },
    },
  },
  async ({ values }) => {
    const rounds = positive(values.rounds, "--rounds");
    const afterMs = positive(values["after-ms"], "--after-ms");
    const targets = [{ name: "this checkout", dir: ROOT }];
    if (values.baseline) targets.push({ name: "baseline", dir: resolve(values.baseline) });
    const tmp = mkdtempSync(join(tmpdir(), "bench-start-"));
    try {
      const dataDirs = new Map<string, string>();
      for (const t of targets) {
        build(t.dir);
        const dataDir = mkdtempSync(join(tmp, "data-"));
        dataDirs.set(t.name, dataDir);
        // The first start builds the index and initializes the database; only later starts are timed.
        await startOnce(t.dir, dataDir, join(tmp, "prepare.jsonl"), 5000);
      }
      const results = new Map<string, Round[]>(targets.map((t) => [t.name, []]));
      for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < targets.length; i++) {
          const t = targets[(i + round) % targets.length]!;
          const r = await startOnce(t.dir, dataDirs.get(t.name)!, join(tmp, `blocks-${round}-${i}.jsonl`), afterMs);
          results.get(t.name)!.push(r);
          process.stderr.write(
            `round ${round + 1} ${t.name}: ready ${r.readyMs} ms (main thread ${r.mainCpuMs ?? "—"} ms CPU, ${r.runQueueMs ?? "—"} ms waiting for a core), longest block ${r.blockBeforeMs} ms before / ${r.blockAfterMs} ms after ready, database ready ${r.databaseMs ?? "—"} ms from /readyz, first answer ${r.firstAnswerMs} ms\n`,
          );
        }
      }
      console.log(
        "\n| target | start → /readyz ms | main-thread CPU at ready ms | main thread waiting for a core ms | wall − waiting ms | longest event-loop block before ready ms | in the first s after ready ms | database ready vs /readyz ms | first answer ms |",
      );
      console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
      for (const t of targets) {
        const rs = results.get(t.name)!;
        const db = rs.map((r) => r.databaseMs).filter((x): x is number => x !== null);
        const cpu = rs.map((r) => r.mainCpuMs).filter((x): x is number => x !== null);
        const waits = rs.filter((r) => r.runQueueMs !== null);
        const waiting = waits.map((r) => r.runQueueMs!);
        const unloaded = waits.map((r) => r.readyMs - r.runQueueMs!);
        console.log(
          `| ${t.name} | ${median(rs.map((r) => r.readyMs))} (${range(rs.map((r) => r.readyMs))}) | ${cpu.length ? `${median(cpu)} (${range(cpu)})` : "—"} | ${waiting.length ? `${median(waiting)} (${range(waiting)})` : "—"} | ${unloaded.length ? `${median(unloaded)} (${range(unloaded)})` : "—"} | ${median(rs.map((r) => r.blockBeforeMs))} (${range(rs.map((r) => r.blockBeforeMs))}) | ${median(rs.map((r) => r.blockAfterMs))} (${range(rs.map((r) => r.blockAfterMs))}) | ${db.length ? `${median(db)} (${range(db)})` : "not within the run"} | ${median(rs.map((r) => r.firstAnswerMs))} (${range(rs.map((r) => r.firstAnswerMs))}) |`,
        );
      }
      console.log(
        `\n${rounds} rounds, medians (range); "after" covers ${afterMs} ms after /readyz first answered 200; the first answer is asked after that.`,
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  },
);

async function startOnce(dir: string, dataDir: string, blockFile: string, afterMs: number): Promise<Round> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: "127.0.0.1",
    PORT: "0",
    CORPUS_DIR: join(ROOT, "corpus"),
    DATA_DIR: dataDir,
    LOG_LEVEL: "info",
    LOOP_BLOCK_FILE: blockFile,
  };
  for (const key of [
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "CHAT_MODEL",
    "EMBEDDING_MODEL",
    "EMBEDDING_BASE_URL",
    "NODE_OPTIONS",
    "DATABASE_URL",
  ])
    delete env[key];
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", PRELOAD, join(dir, "dist/server/main.js")], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  let out = "";
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
  });
  try {
    const port = await until(() => /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1], child, 120_000);
    await until(async () => ((await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.ok ? true : undefined), child, 120_000);
    const readyAt = Date.now();
    const sched = schedMs(child.pid!);
    const mainCpuMs = sched?.onCpuMs ?? threadCpuMs(child.pid!, child.pid!);
    await new Promise((r) => setTimeout(r, afterMs));
    const asked = Date.now();
    const answer = await fetch(`http://127.0.0.1:${port}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: "企业开办需要多长时间？" }),
    });
    if (!answer.ok) throw new Error(`the first answer failed: ${answer.status}`);
    await answer.json();
    const firstAnswerMs = Date.now() - asked;
    // The embedded database may come up after ready: its line is waited for (bounded) before the stop.
    const databaseLine = () => out.split("\n").find((l) => /question log: .*database ready/.test(l));
    await until(
      () => (databaseLine() ? true : Date.now() - readyAt > DATABASE_WAIT_MS ? false : undefined),
      child,
      DATABASE_WAIT_MS + 1000,
    );
    child.kill("SIGTERM");
    await exited;
    const blocks = existsSync(blockFile)
      ? readFileSync(blockFile, "utf8")
          .trim()
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { at: number; ms: number })
      : [];
    const line = databaseLine();
    const databaseAt = line ? (JSON.parse(line) as { time: number }).time : null;
    return {
      readyMs: readyAt - started,
      blockBeforeMs: Math.max(0, ...blocks.filter((b) => b.at <= readyAt).map((b) => b.ms)),
      blockAfterMs: Math.max(0, ...blocks.filter((b) => b.at > readyAt && b.at <= readyAt + afterMs).map((b) => b.ms)),
      databaseMs: databaseAt === null ? null : databaseAt - readyAt,
      mainCpuMs,
      runQueueMs: sched?.runQueueMs ?? null,
      firstAnswerMs,
    };
  } finally {
    child.kill("SIGKILL");
  }
}

/** Polls `probe` every 10 ms until it gives a value; throws when the server exits or `ms` pass. */
async function until<T>(probe: () => T | undefined | Promise<T | undefined>, child: ChildProcess, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before it was ready`);
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`the server was not ready within ${ms} ms`);
}

function build(dir: string) {
  const r = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) throw new Error(`building the server in ${dir} failed`);
}

function positive(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got ${value}`);
  return n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return Math.round(s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2);
}

function range(xs: number[]): string {
  return `${Math.min(...xs)}–${Math.max(...xs)}`;
}
