import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Config } from "../config.ts";
import type { Log, LogLevel } from "../index/store.ts";

/** Messages from the build process: its log lines, then done or the reason it failed. */
export type BuildMessage = { type: "log"; message: string; level: LogLevel } | { type: "done" } | { type: "failed"; message: string };

/**
 * Builds and persists the index in a child process, so the server keeps answering (/readyz, 503s) and
 * handling signals during a long build; an abort kills the build at once (the index is written to a
 * temporary folder and swapped in, so a killed build leaves nothing half-written). The child's heap is
 * capped, and its memory is returned to the system when it exits.
 */
export function buildInChildProcess(config: Config, log: Log, signal?: AbortSignal): Promise<void> {
  // Beside this module, whether it runs as TypeScript (tsx) or as the compiled JavaScript.
  const ext = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
  const script = fileURLToPath(new URL(`./index-build-child${ext}`, import.meta.url));
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const child = fork(script, [], {
      execArgv: [...process.execArgv, `--max-old-space-size=${config.indexBuildMaxMb}`],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let outcome: BuildMessage | null = null;
    const abort = () => child.kill("SIGKILL");
    signal?.addEventListener("abort", abort, { once: true });
    child.on("message", (m: BuildMessage) => {
      if (m.type === "log") log(m.message, m.level);
      else outcome = m;
    });
    child.on("error", (err) => {
      signal?.removeEventListener("abort", abort);
      reject(err);
    });
    child.on("exit", (code, killedBy) => {
      signal?.removeEventListener("abort", abort);
      const result = outcome as BuildMessage | null;
      if (signal?.aborted) reject(signal.reason);
      else if (result?.type === "done" && code === 0) resolve();
      else if (result?.type === "failed") reject(new Error(result.message));
      else reject(new Error(`the index build process ended (${killedBy ?? `exit code ${code}`}); out of memory? (INDEX_BUILD_MAX_MB)`));
    });
    child.send({ config });
  });
}
