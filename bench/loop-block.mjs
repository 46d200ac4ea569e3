// Preloaded by `npm run bench:start` (node --import bench/loop-block.mjs …): appends to $LOOP_BLOCK_FILE one
// JSON line {at, ms} for every stretch of at least 10 ms during which this process's event loop ran no
// timer (a 5 ms interval that fired late), `at` being when the stretch ended (epoch ms). Only the main thread's:
// a worker inherits the preload (the embedded database's thread, whose blocking start-up is its own business).
import { appendFileSync } from "node:fs";
import { isMainThread } from "node:worker_threads";

const file = process.env.LOOP_BLOCK_FILE;
if (file && isMainThread) {
  const every = 5;
  let last = Date.now();
  setInterval(() => {
    const now = Date.now();
    const late = now - last - every;
    if (late >= 10) appendFileSync(file, `${JSON.stringify({ at: now, ms: late })}\n`);
    last = now;
  }, every).unref();
}
