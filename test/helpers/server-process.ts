import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const MAIN = fileURLToPath(new URL("../../src/server/main.ts", import.meta.url));
/** tsx's loader by absolute URL: the process runs in a temporary folder with no node_modules. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

export interface ServerProcess {
  child: ChildProcess;
  /** Every line the server wrote (JSON log lines), as they arrive. */
  lines: string[];
  /** Resolves with the base URL once the server has logged that it listens. */
  url: Promise<string>;
  /** Resolves with the first line matching, waiting up to `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the process if it is still running (test cleanup). */
  kill(): void;
}

/**
 * The server as a real process (through tsx unless given a compiled script) in the given working directory, listening on 127.0.0.1 at a
 * free port: for what only a process shows (signals, exit codes, the port during a build).
 */
export function startServerProcess(cwd: string, env: Record<string, string>, script = MAIN): ServerProcess {
  // The TypeScript entry through tsx, or a compiled one (dist/server/main.js) as `npm start` runs it.
  const args = script.endsWith(".ts") ? ["--import", TSX, script] : [script];
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, LOG_LEVEL: "info", ...env, PORT: "0", HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let buffered = "";
  const onData = (data: Buffer) => {
    buffered += data.toString("utf8");
    const parts = buffered.split("\n");
    buffered = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const w of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const waitForLine = (pattern: RegExp, timeoutMs = 60_000) => {
    const seen = lines.find((l) => pattern.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} in ${timeoutMs} ms:\n${lines.join("\n")}`)), timeoutMs);
      waiters.push({
        pattern,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  };
  const url = waitForLine(/listening on http:\/\/127\.0\.0\.1:\d+/).then((line) => /http:\/\/127\.0\.0\.1:\d+/.exec(line)![0]);
  return {
    child,
    lines,
    url,
    waitForLine,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}
