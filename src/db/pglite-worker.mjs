// The embedded PGlite database in a worker thread (started by src/db/pglite-thread.ts): its WASM start-up,
// recovery and every statement run here, off the server's event loop. Plain JavaScript, so the same file
// runs under tsx, vitest and the compiled server. Messages: {id, sql, params} → {id, result} | {id, error};
// {id, close: true} closes the database.
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

// This thread yields to the server's own: PGlite's start-up now runs after ready, beside the first answers, and its
// writes are never urgent (queued). Linux keeps a nice value per thread (/proc/thread-self names this one);
// elsewhere, or when not allowed, it simply keeps the process's priority.
try {
  const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
  if (tid && tid !== process.pid) setPriority(tid, 10);
} catch {}

const pg = workerData.dataDir ? new PGlite(workerData.dataDir) : new PGlite();

/** An error as plain data: its message and its own fields (a DatabaseError's code, detail, constraint…). */
function plain(err) {
  const out = { name: err?.name ?? "Error", message: err?.message ?? String(err) };
  for (const [key, value] of Object.entries(err ?? {})) if (typeof value !== "function" && typeof value !== "object") out[key] = value;
  return out;
}

pg.waitReady.then(
  () => parentPort.postMessage({ ready: true }),
  (err) => parentPort.postMessage({ ready: false, error: plain(err) }),
);

parentPort.on("message", async ({ id, sql, params, close }) => {
  try {
    await pg.waitReady;
    if (close) {
      if (!pg.closed) await pg.close();
      parentPort.postMessage({ id, result: null });
      return;
    }
    const r = await pg.query(sql, params);
    parentPort.postMessage({ id, result: { rows: r.rows, affectedRows: r.affectedRows, command: r.command } });
  } catch (err) {
    parentPort.postMessage({ id, error: plain(err) });
  }
});
