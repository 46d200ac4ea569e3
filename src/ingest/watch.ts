import { type FSWatcher, watch } from "node:fs";
import type { Config } from "../config.ts";
import { buildIndex, loadIndex, type Log, type PolicyIndex, verifyIndexFiles } from "../index/store.ts";
import { corpusHashes } from "./corpus.ts";

export interface CorpusWatchOptions {
  config: Config;
  /** The index being served: its manifest says which files it was built from. */
  current: PolicyIndex;
  /** Called with the new index once it is built; the caller swaps it in (one assignment, so atomic). */
  onIndex: (index: PolicyIndex) => void;
  log: Log;
  /** Builds and persists the index (the server passes its child-process build); in-process by default. */
  build?: (config: Config, log: Log, signal?: AbortSignal) => Promise<void>;
  /** Aborts a rebuild under way (shutdown). */
  signal?: AbortSignal;
  /** Quiet time after the last change before rebuilding: a copy of many files is one rebuild. */
  debounceMs?: number;
  /**
   * Checks the served index's record files in full in the background (the load checked their sizes, and
   * each line is checked when used); a damaged file is rebuilt like a changed corpus. On by default.
   */
  verify?: boolean;
}

export interface CorpusWatch {
  close: () => void;
  /** Resolves when no rebuild is running or pending (for tests and shutdown). */
  idle: () => Promise<void>;
}

/** Added, removed and changed files between two hash maps: `added xiling-2024.txt; changed putuo-2021.txt`. */
export function describeChange(before: Record<string, string>, after: Record<string, string>): string | null {
  const added = Object.keys(after).filter((f) => !(f in before));
  const removed = Object.keys(before).filter((f) => !(f in after));
  const changed = Object.keys(after).filter((f) => f in before && before[f] !== after[f]);
  const parts = [
    added.length ? `added ${added.join(", ")}` : "",
    removed.length ? `removed ${removed.join(", ")}` : "",
    changed.length ? `changed ${changed.join(", ")}` : "",
  ].filter(Boolean);
  return parts.length ? parts.join("; ") : null;
}

/**
 * Watches corpus/ and, when its plan files change, builds a new index in the background while the old one
 * keeps serving, then hands it over. A failed build is logged and the old index stays. The files of each
 * index served are checked in full in the background first; a damaged one is rebuilt the same way.
 */
export function watchCorpus({
  config,
  current,
  onIndex,
  log,
  build,
  signal,
  debounceMs = 1000,
  verify = true,
}: CorpusWatchOptions): CorpusWatch {
  let served = current.manifest.corpus;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let pending = false;
  /** Why the served index must be rebuilt although the corpus did not change (a damaged file). */
  let damaged: string | null = null;
  let verifying: Promise<void> | null = null;
  const check = (index: PolicyIndex) => {
    if (!verify) return;
    verifying = verifyIndexFiles(config, index.manifest).then((problem) => {
      if (!problem || signal?.aborted) return;
      log(`index file damaged (${problem}): rebuilding it, serving the current index meanwhile`, "warn");
      damaged = problem;
      run();
    });
  };
  // The build's own progress lines stay quiet; its warnings and errors (a file not indexed) are logged.
  const buildLog: Log = (message, level = "info") => {
    if (level !== "info") log(message, level);
  };

  const rebuild = async () => {
    let change: string | null;
    try {
      change = describeChange(served, corpusHashes(config.corpusDir));
    } catch (err) {
      log(`corpus unreadable (${(err as Error).message}); still serving the current index`, "error");
      return;
    }
    if ((!change && !damaged) || signal?.aborted) return;
    if (change) log(`corpus changed (${change}): building a new index, serving the current one meanwhile`);
    damaged = null;
    const started = performance.now();
    try {
      let index: PolicyIndex;
      if (build) {
        await build(config, buildLog, signal);
        index = loadIndex(config);
      } else index = (await buildIndex(config, buildLog, { signal })).index;
      served = index.manifest.corpus;
      onIndex(index);
      check(index);
      log(
        `new index in service after ${((performance.now() - started) / 1000).toFixed(1)} s: ${index.manifest.counts.plans} plans, ${index.manifest.counts.chunks} chunks`,
      );
    } catch (err) {
      if (!signal?.aborted) log(`rebuilding the index failed (${(err as Error).message}); still serving the previous one`, "error");
    }
  };

  const run = () => {
    if (running) {
      pending = true;
      return;
    }
    running = rebuild().finally(() => {
      running = null;
      if (pending) {
        pending = false;
        run();
      }
    });
  };

  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(config.corpusDir, { persistent: false }, () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        run();
      }, debounceMs);
      timer.unref();
    });
    watcher.on("error", (err) => log(`watching ${config.corpusDir} stopped (${err.message}); restart to pick up changes`, "error"));
  } catch (err) {
    log(`cannot watch ${config.corpusDir} (${(err as Error).message}); restart to pick up changes`, "error");
  }

  check(current);

  return {
    close: () => {
      watcher?.close();
      if (timer) clearTimeout(timer);
    },
    idle: async () => {
      while (running || timer || verifying) {
        const waiting = verifying;
        await (running ?? waiting ?? new Promise((r) => setTimeout(r, 20)));
        if (verifying === waiting) verifying = null;
      }
    },
  };
}
