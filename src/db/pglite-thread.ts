import { Worker } from "node:worker_threads";

/** What the Kysely dialect needs of a PGlite database (src/db/pglite-dialect.ts). */
export interface PGliteLike {
  readonly waitReady: Promise<void>;
  readonly closed: boolean;
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number; command?: string }>;
  close(): Promise<void>;
}

interface Reply {
  id?: number;
  ready?: boolean;
  result?: { rows: unknown[]; affectedRows?: number; command?: string } | null;
  error?: { name: string; message: string; [field: string]: unknown };
}

/**
 * The embedded PGlite database running in a worker thread (src/db/pglite-worker.mjs). PGlite's start-up
 * compiles its WASM and starts Postgres — seconds of CPU on a busy machine — and every INSERT of the
 * question log runs its WASM synchronously: on the server's own thread both held the event loop (requests,
 * timers, signals). Here they run beside it; this thread only posts the statement and its parameters.
 * The worker does not keep the process alive by itself, only while statements are in flight.
 */
export class PGliteThread implements PGliteLike {
  readonly waitReady: Promise<void>;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: Reply["result"]) => void; reject: (err: Error) => void }>();
  private nextId = 1;
  private ended: Error | null = null;
  private isClosed = false;

  /** `dataDir`: PGlite's folder; null keeps the database in memory. */
  constructor(dataDir: string | null) {
    this.worker = new Worker(new URL("./pglite-worker.mjs", import.meta.url), { workerData: { dataDir } });
    this.worker.unref();
    let started!: (err?: Error) => void;
    this.waitReady = new Promise<void>((resolve, reject) => {
      started = (err) => (err ? reject(err) : resolve());
    });
    // Nobody may wait on it (a database nobody queries): never an unhandled rejection.
    this.waitReady.catch(() => {});
    this.worker.on("message", (m: Reply) => {
      if (m.id === undefined) return started(m.ready ? undefined : toError(m.error));
      const p = this.pending.get(m.id);
      if (!p) return;
      this.settled(m.id);
      if (m.error) p.reject(toError(m.error));
      else p.resolve(m.result);
    });
    const end = (err: Error) => {
      this.ended ??= err;
      started(err);
      for (const [id, p] of this.pending) {
        this.settled(id);
        p.reject(err);
      }
    };
    this.worker.on("error", (err) => end(err));
    this.worker.on("exit", (code) => end(new Error(`the embedded database's thread exited (code ${code})`)));
  }

  get closed(): boolean {
    return this.isClosed;
  }

  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number; command?: string }> {
    return this.send({ sql, params }) as Promise<{ rows: R[]; affectedRows?: number; command?: string }>;
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    if (!this.ended) await this.send({ close: true }).catch(() => {});
    await this.worker.terminate();
  }

  private send(message: { sql?: string; params?: unknown[]; close?: boolean }): Promise<Reply["result"]> {
    if (this.ended) return Promise.reject(this.ended);
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message });
    });
  }

  private settled(id: number) {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }
}

function toError(e: Reply["error"]): Error {
  const err = new Error(e?.message ?? "database error");
  Object.assign(err, e);
  return err;
}
