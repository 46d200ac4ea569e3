import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { chunkedLines } from "../../src/server/logging.ts";

const line = (i: number) => `${JSON.stringify({ reqId: i, msg: "request completed", pad: "x".repeat(80) })}\n`;

function sink() {
  const chunks: string[] = [];
  let flushed = 0;
  return {
    chunks,
    flushed: () => flushed,
    write: (chunk: string) => void chunks.push(chunk),
    flush: (cb?: () => void) => {
      flushed++;
      cb?.();
    },
  };
}

describe("chunkedLines", () => {
  it("hands the sink one chunk per ~chunkBytes, lines whole and in order", () => {
    const out = sink();
    const lines = chunkedLines(out, 1000, 60_000);
    const size = line(0).length;
    const perChunk = Math.ceil(1000 / size);
    for (let i = 0; i < perChunk - 1; i++) lines.write(line(i));
    expect(out.chunks).toEqual([]);
    lines.write(line(perChunk - 1));
    expect(out.chunks).toEqual([Array.from({ length: perChunk }, (_, i) => line(i)).join("")]);
  });

  it("hands over what is pending on flush, and at least every flushMs", async () => {
    const out = sink();
    const lines = chunkedLines(out, 1_000_000, 30);
    lines.write(line(1));
    await new Promise((r) => setTimeout(r, 120));
    expect(out.chunks).toEqual([line(1)]);
    lines.write(line(2));
    lines.write(line(3));
    await new Promise<void>((r) => lines.flush?.(() => r()));
    expect(out.chunks).toEqual([line(1), line(2) + line(3)]);
    expect(out.flushed()).toBe(1);
  });

  it("writes every line to stdout when the process exits or crashes before a chunk is full", () => {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    const logging = pathToFileURL(fileURLToPath(new URL("../../src/server/logging.ts", import.meta.url))).href;
    for (const end of ["process.exit(0)", "throw new Error('boom')"]) {
      const script = `const { createLogger } = await import(${JSON.stringify(logging)});
        const log = createLogger({ logLevel: "info" });
        for (let i = 0; i < 5; i++) log.info({ n: i }, "line");
        setTimeout(() => { ${end}; }, 10);`;
      const r = spawnSync(process.execPath, ["--import", tsx, "--input-type=module", "-e", script], { encoding: "utf8" });
      const ns = r.stdout
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as { n: number }).n);
      expect([end, ns]).toEqual([end, [0, 1, 2, 3, 4]]);
    }
  });
});
