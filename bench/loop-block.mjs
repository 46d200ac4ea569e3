// Preloaded by `npm run bench:start` (node --import bench/loop-block.mjs …): appends to $LOOP_BLOCK_FILE one
// JSON line {at, ms} for every stretch of at least 10 ms during which this process's event loop ran no
// timer (a 5 ms interval that fired late), `at` being when the stretch ended (epoch ms).
import { appendFileSync } from "node:fs";

const file = process.env.LOOP_BLOCK_FILE;
if (file) {
  const every = 5;
  let last = Date.now();
  setInterval(() => {
    const now = Date.now();
    const late = now - last - every;
    if (late >= 10) appendFileSync(file, `${JSON.stringify({ at: now, ms: late })}\n`);
    last = now;
  }, every).unref();
}
