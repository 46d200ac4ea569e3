import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

/**
 * `npx tsx bench/profile-summary.ts FILE.cpuprofile [--top N]`: self time of a V8 CPU profile by function
 * and by package (node_modules/<name>, node: internals, the app's own bundle), as shares of busy time
 * (idle and the profiler's own "(program)" samples left out).
 */
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: "string", default: "40" },
    last: { type: "string" },
    until: { type: "string" },
    stack: { type: "string" },
  },
});
const file = positionals[0];
if (!file) {
  console.error(
    "usage: npx tsx bench/profile-summary.ts FILE.cpuprofile [--top N] [--last SECONDS] [--until MONOTONIC_US] [--stack FUNCTION]",
  );
  process.exit(2);
}
const top = Number(values.top);
const profile = JSON.parse(readFileSync(file, "utf8")) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
};
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<number, number>();
// --last S: only the samples of the profile's last S seconds (the load, not the start-up before it).
const times: number[] = [];
let t = 0;
for (const d of profile.timeDeltas) times.push((t += d));
const from = values.last ? t - Number(values.last) * 1e6 : Number.NEGATIVE_INFINITY;
// --until US: only the samples before that moment of the monotonic clock (µs, as process.hrtime in any process on
// this machine, e.g. when another process saw /readyz answer 200): a start-up profile up to ready.
const until = values.until ? Number(values.until) - profile.startTime : Number.POSITIVE_INFINITY;
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
// --stack F: who calls F, by the total time of the samples inside it.
const callers = new Map<string, number>();
profile.samples.forEach((id, i) => {
  if (times[i]! < from || times[i]! > until) return;
  const us = profile.timeDeltas[i] ?? 0;
  self.set(id, (self.get(id) ?? 0) + us);
  if (values.stack) {
    const chain: string[] = [];
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n))
      chain.push(byId.get(n)!.callFrame.functionName || "(anonymous)");
    const at = chain.indexOf(values.stack);
    if (at >= 0) {
      const path = chain
        .slice(at, at + 6)
        .reverse()
        .join(" < ");
      callers.set(path, (callers.get(path) ?? 0) + us);
    }
  }
});

const where = (url: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith("node:")) return url;
  if (!url) return "(native)";
  return url.replace(/^.*\/(dist|src)\//, "$1/");
};
const fns = new Map<string, number>();
const pkgs = new Map<string, number>();
let busy = 0;
let idle = 0;
for (const [id, us] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  if (functionName === "(idle)" || functionName === "(program)") {
    idle += us;
    continue;
  }
  busy += us;
  const fn = `${functionName || "(anonymous)"} ${where(url)}:${lineNumber + 1}`;
  fns.set(fn, (fns.get(fn) ?? 0) + us);
  const pkg = functionName === "(garbage collector)" ? "(gc)" : where(url);
  pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us);
}
const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
console.log(`busy ${(busy / 1e6).toFixed(2)} s, idle/program ${(idle / 1e6).toFixed(2)} s`);
console.log("\nby package / file:");
for (const [k, us] of [...pkgs].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${k}`);
console.log("\nby function (self):");
for (const [k, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${k}`);
if (values.stack) {
  console.log(`\ncall paths into ${values.stack}:`);
  for (const [k, us] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${k}`);
}
