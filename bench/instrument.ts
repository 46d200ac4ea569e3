import { appendFileSync } from "node:fs";
import { PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";

/**
 * Timing from outside src/: wraps class methods (static or prototype) of the modules buildIndex and
 * searchClauses use, records spans and marks, and samples memory at every mark. Nothing in src/ is
 * changed; the wrappers only live in the benchmark process.
 */

export interface MemorySample {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface Mark {
  name: string;
  t: number;
  mem: MemorySample;
  /** Cumulative counters (ms) at this mark, e.g. time inside jieba so far. */
  totals: Record<string, number>;
}

export interface Span {
  name: string;
  start: number;
  end: number;
}

export function memory(): MemorySample {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

/** Peak resident set size of this process so far, in bytes. */
export function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

export class Timeline {
  readonly origin = performance.now();
  readonly marks: Mark[] = [];
  readonly spans: Span[] = [];
  /** Accumulated milliseconds per counter name (e.g. time inside jieba). */
  readonly totals = new Map<string, number>();

  constructor(
    /** Progress lines are appended here synchronously, so they survive a crash or an out-of-memory kill. */
    private readonly progressFile?: string,
    private readonly echo?: (line: string) => void,
  ) {}

  now(): number {
    return performance.now() - this.origin;
  }

  mark(name: string): Mark {
    const mark = { name, t: this.now(), mem: memory(), totals: Object.fromEntries(this.totals) };
    this.marks.push(mark);
    const line = `${(mark.t / 1000).toFixed(1).padStart(7)}s  rss ${mb(mark.mem.rss).padStart(6)} MB  heap ${mb(mark.mem.heapUsed).padStart(6)} MB  ${name}`;
    if (this.progressFile) appendFileSync(this.progressFile, `${line}\n`);
    this.echo?.(line);
    return mark;
  }

  markAt(name: string): number | undefined {
    return this.marks.find((m) => m.name === name)?.t;
  }

  span(name: string): Span | undefined {
    return this.spans.find((s) => s.name === name);
  }

  add(counter: string, ms: number): void {
    this.totals.set(counter, (this.totals.get(counter) ?? 0) + ms);
  }

  /** Wraps `owner[key]` so every call is recorded as a span (and marks its start and end). */
  wrap(owner: object, key: string, name: string, { marks = true } = {}): void {
    const target = owner as Record<string, unknown>;
    const original = target[key];
    if (typeof original !== "function") return;
    const timeline = this;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      if (marks) timeline.mark(`${name} start`);
      const start = timeline.now();
      const done = () => {
        const end = timeline.now();
        timeline.spans.push({ name, start, end });
        timeline.add(name, end - start);
        if (marks) timeline.mark(`${name} end`);
      };
      const result = (original as (...a: unknown[]) => unknown).apply(this, args);
      if (result instanceof Promise) return result.finally(done);
      done();
      return result;
    };
    try {
      target[key] = wrapped;
    } catch {
      // Not writable: that stage is then reported inside its neighbour.
    }
  }
}

export function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

/** Garbage-collection pauses (start on the Timeline's clock, duration), from the perf_hooks 'gc' entries. */
export class GcRecorder {
  private readonly entries: { start: number; ms: number }[] = [];
  private readonly observer: PerformanceObserver;

  constructor(private readonly timeline: Timeline) {
    this.observer = new PerformanceObserver((list) => this.take(list.getEntries()));
    this.observer.observe({ entryTypes: ["gc"] });
  }

  private take(entries: readonly PerformanceEntry[]) {
    for (const e of entries) this.entries.push({ start: e.startTime - this.timeline.origin, ms: e.duration });
  }

  /** Entries of a synchronous stretch arrive on the next turn of the event loop: wait for them. */
  async flush(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    this.take(this.observer.takeRecords());
    this.observer.disconnect();
  }

  /** Milliseconds of GC pauses that started in [from, to). */
  between(from: number, to: number): number {
    return this.entries.filter((e) => e.start >= from && e.start < to).reduce((n, e) => n + e.ms, 0);
  }

  get total(): number {
    return this.entries.reduce((n, e) => n + e.ms, 0);
  }
}
