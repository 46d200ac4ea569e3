import { describe, expect, it } from "vitest";
import { WriteQueue } from "../../src/feedback/queue.ts";

const item = (n: number) => ({ n });

describe("WriteQueue", () => {
  it("writes in batches without the caller waiting", async () => {
    const written: number[][] = [];
    const q = new WriteQueue<{ n: number }>({ write: async (b) => void written.push(b.map((i) => i.n)), batchSize: 2 });
    for (let i = 0; i < 5; i++) q.push(item(i));
    expect(q.depth).toBe(5);
    expect(await q.drain(1000)).toBe(true);
    expect(written.flat()).toEqual([0, 1, 2, 3, 4]);
    expect(written[0]).toEqual([0, 1]);
  });

  it("with a flush delay, gathers what arrives meanwhile into one batch, and writes a full batch at once", async () => {
    const written: number[][] = [];
    const q = new WriteQueue<{ n: number }>({
      write: async (b) => void written.push(b.map((i) => i.n)),
      batchSize: 4,
      flushDelayMs: 50,
    });
    q.push(item(0));
    await new Promise((r) => setTimeout(r, 10));
    q.push(item(1));
    q.push(item(2));
    expect(written).toEqual([]);
    await new Promise((r) => setTimeout(r, 80));
    expect(written).toEqual([[0, 1, 2]]);
    for (let i = 3; i < 7; i++) q.push(item(i));
    await new Promise((r) => setTimeout(r, 5));
    expect(written).toEqual([
      [0, 1, 2],
      [3, 4, 5, 6],
    ]);
    q.push(item(7));
    expect(await q.drain(1000)).toBe(true);
    expect(written.flat()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("keeps failed writes, says so once, retries with backoff and recovers", async () => {
    let up = false;
    const events: string[] = [];
    const written: number[] = [];
    const q = new WriteQueue<{ n: number }>({
      write: async (b) => {
        if (!up) throw new Error("ECONNREFUSED");
        written.push(...b.map((i) => i.n));
      },
      minRetryMs: 20,
      maxRetryMs: 40,
      events: { down: (_e, d) => events.push(`down:${d}`), up: (d) => events.push(`up:${d}`), failed: () => events.push("failed") },
    });
    q.push(item(1));
    q.push(item(2));
    await new Promise((r) => setTimeout(r, 120));
    expect(q.down).toBe(true);
    expect(q.depth).toBe(2);
    expect(events.filter((e) => e.startsWith("down"))).toEqual(["down:2"]);
    expect(events.filter((e) => e === "failed").length).toBeGreaterThanOrEqual(2);
    up = true;
    await new Promise((r) => setTimeout(r, 120));
    expect(written).toEqual([1, 2]);
    expect(q.depth).toBe(0);
    expect(q.down).toBe(false);
    expect(events.at(-1)).toBe("up:0");
  });

  it("is bounded: when full the oldest are dropped and counted", async () => {
    let dropped = 0;
    const q = new WriteQueue<{ n: number }>({
      write: async () => {
        throw new Error("down");
      },
      capacity: 3,
      minRetryMs: 10_000,
      events: { dropped: (n) => (dropped += n) },
    });
    for (let i = 0; i < 5; i++) q.push(item(i));
    expect(q.depth).toBe(3);
    expect(dropped).toBe(2);
    q.close();
  });

  it("keeps items pushed while a batch is being written", async () => {
    const written: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const q = new WriteQueue<{ n: number }>({
      write: async (b) => {
        await gate;
        written.push(...b.map((i) => i.n));
      },
    });
    q.push(item(1));
    const flushing = q.flush();
    q.push(item(2));
    release();
    await flushing;
    await q.drain(1000);
    expect(written).toEqual([1, 2]);
  });
});
