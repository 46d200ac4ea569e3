import autocannon from "autocannon";

/**
 * The load generator of `npm run bench:http`, in its own process so it never shares a core's event loop
 * with a server: autocannon with `connections` keep-alive connections, each cycling through the given
 * request bodies, for `seconds`. Every response's latency is kept (autocannon's own histogram rounds to
 * whole milliseconds), so p50/p99 are exact. Input: one JSON argument; output: one JSON line.
 */
export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  bodies: string[];
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** CPU time of this load generator (user + system) per request, µs: near 1 s per second, it is the bound. */
  clientCpuUs: number;
}

const spec = JSON.parse(process.argv[2] ?? "{}") as LoadSpec;
const latencies: number[] = [];
const cpuBefore = process.cpuUsage();
const instance = autocannon(
  {
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 10,
    requests: spec.bodies.map((body) => ({
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    })),
  },
  (err, result) => {
    if (err) {
      console.error(err.message);
      process.exit(1);
    }
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))] ?? Number.NaN;
    const seconds = result.duration;
    const out: LoadResult = {
      requests: latencies.length,
      seconds,
      rps: latencies.length / seconds,
      p50: pct(50),
      p99: pct(99),
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      clientCpuUs: cpuPerRequest(process.cpuUsage(cpuBefore), latencies.length),
    };
    console.log(JSON.stringify(out));
  },
);
instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => {
  latencies.push(ms);
});

function cpuPerRequest({ user, system }: NodeJS.CpuUsage, requests: number): number {
  return requests ? (user + system) / requests : 0;
}
