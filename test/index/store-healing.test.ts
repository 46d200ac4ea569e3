import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { IndexMismatchError } from "../../src/errors.ts";
import { MAX_PLAN_FILE_BYTES } from "../../src/ingest/corpus.ts";
import {
  buildIndex,
  ensureIndex,
  indexDir,
  loadIndex,
  type LogLevel,
  staleReason,
  tablesHash,
  verifyIndexFiles,
} from "../../src/index/store.ts";
import { watchCorpus } from "../../src/ingest/watch.ts";
import { searchClauses } from "../../src/retrieve/hybrid.ts";
import { tempCorpus } from "../helpers.ts";

/** A fixture index built once per test, and a log that keeps each line's level. */
async function built() {
  const t = tempCorpus();
  await buildIndex(t.config);
  const logs: { message: string; level: LogLevel }[] = [];
  const log = (message: string, level: LogLevel = "info") => logs.push({ message, level });
  return { ...t, dir: indexDir(t.config), logs, log };
}

describe("self-healing index", () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it("rebuilds after a truncated manifest.json instead of failing at every start", async () => {
    const t = await built();
    cleanup = t.cleanup;
    const manifest = join(t.dir, "manifest.json");
    truncateSync(manifest, Math.floor(readFileSync(manifest).byteLength / 2));
    expect(staleReason(t.config)).toMatch(/manifest\.json unreadable/);
    expect(() => loadIndex(t.config)).toThrow(IndexMismatchError);
    const index = await ensureIndex(t.config, t.log);
    expect(t.logs[0]!.message).toMatch(/building index: manifest\.json unreadable/);
    expect(index.manifest.counts.plans).toBe(2);
    expect(staleReason(t.config)).toBeNull();
  });

  it("refuses a bm25.bin whose head is damaged at load and rebuilds it; damaged postings are refused when a query reads them", async () => {
    const t = await built();
    cleanup = t.cleanup;
    const file = join(t.dir, "bm25.bin");
    const whole = readFileSync(file);
    const head = Buffer.from(whole);
    head[1]! ^= 0xff;
    writeFileSync(file, head);
    expect(staleReason(t.config)).toBeNull();
    expect(() => loadIndex(t.config)).toThrow(/bm25\.bin: document lengths and offsets do not match their checksum/);
    const index = await ensureIndex(t.config, t.log);
    expect(t.logs[0]).toEqual({ message: expect.stringMatching(/unreadable \(bm25\.bin: document lengths/), level: "warn" });
    expect((await searchClauses(index, "电子印章公共服务平台", { k: 1 }))[0]!.id).toBe("anting-2024:2");

    // Postings are read per term on first use: every term's are refused once damaged, none is scored.
    const rebuilt = readFileSync(file);
    const tail = Buffer.from(rebuilt);
    for (let i = tail.length - 4; i >= tail.length / 2; i -= 8) tail[i]! ^= 0x01;
    writeFileSync(file, tail);
    const loaded = loadIndex(t.config);
    expect(() => loaded.bm25.search(loaded.tokenizer.tokens("电子印章公共服务平台"), 5)).toThrow(
      /bm25\.bin: the postings of a term do not match their checksum/,
    );
    expect(await verifyIndexFiles(t.config, loaded.manifest)).toBe("bm25.bin does not match its checksum");
  });

  it("never serves a record damaged in place (same size, still valid JSON): refused on use, found in the background, rebuilt", async () => {
    const t = await built();
    cleanup = t.cleanup;
    // Same byte length in UTF-8, so only a checksum can tell (the first plan and clause, which the load
    // parses as a spot check, are left whole).
    const plansFile = join(t.dir, "plans.ndjson");
    const [first, second, ...rest] = readFileSync(plansFile, "utf8").split("\n");
    expect(second).toContain("江湾");
    writeFileSync(plansFile, [first, second!.replaceAll("江湾", "损坏"), ...rest].join("\n"));
    const clausesFile = join(t.dir, "clauses.ndjson");
    const clauses = readFileSync(clausesFile, "utf8");
    expect(clauses.split("\n")[0]).not.toContain("电子印章");
    writeFileSync(clausesFile, clauses.replaceAll("电子印章", "损坏损坏"));
    // The load reads neither record file (sizes only); each record is checked when it is first read.
    const index = loadIndex(t.config);
    expect(() => index.clauses.get("anting-2024:2")).toThrow(
      /clauses\.ndjson: the line of clause anting-2024:2 does not match its checksum/,
    );
    expect(() => index.plans.find((p) => p.meta.id === "jiangwan-2023")!.parts).toThrow(
      /plans\.ndjson: the line of plan jiangwan-2023 does not match its checksum/,
    );
    expect(await verifyIndexFiles(t.config, index.manifest)).toBe("plans.ndjson does not match its checksum");

    let served = index;
    const watcher = watchCorpus({ config: t.config, current: index, log: t.log, onIndex: (next) => (served = next) });
    try {
      await expect.poll(() => served, { timeout: 15_000, interval: 50 }).not.toBe(index);
      await watcher.idle();
    } finally {
      watcher.close();
    }
    expect(t.logs.map((l) => l.message)).toEqual([
      "index file damaged (plans.ndjson does not match its checksum): rebuilding it, serving the current index meanwhile",
      expect.stringMatching(/^new index in service after /),
    ]);
    expect(served.clauses.get("anting-2024:2")!.text).toContain("电子印章");
    expect(await verifyIndexFiles(t.config, served.manifest)).toBeNull();
    expect(loadIndex(t.config).clauses.get("anting-2024:2")!.text).toContain("电子印章");
  });

  it.each([
    ["a missing file", (dir: string) => unlinkSync(join(dir, "bm25.bin")), /bm25\.bin is missing/],
    [
      "invalid JSON of the right size",
      (dir: string) => damageKeepingSize(join(dir, "catalog.json")),
      /catalog\.json does not match its checksum/,
    ],
    ["a damaged clause list", (dir: string) => damageKeepingSize(join(dir, "clauses.idx")), /clauses\.idx does not match its checksum/],
    ["a truncated chunk table", (dir: string) => truncateSync(join(dir, "chunks.bin"), 12), /chunks\.bin has 12 bytes/],
    ["a missing plan file", (dir: string) => unlinkSync(join(dir, "plans.ndjson")), /plans\.ndjson is missing/],
    ["a truncated clause file", (dir: string) => truncateSync(join(dir, "clauses.ndjson"), 100), /clauses\.ndjson has 100 bytes/],
  ])("rebuilds after %s", async (_what, damage, reason) => {
    const t = await built();
    cleanup = t.cleanup;
    damage(t.dir);
    expect(() => loadIndex(t.config)).toThrow(reason);
    const index = await ensureIndex(t.config, t.log);
    expect(t.logs[0]!.message).toMatch(reason);
    expect(index.chunks.length).toBe(index.manifest.counts.chunks);
    expect(() => loadIndex(t.config)).not.toThrow();
  });

  it("is stale when the data tables or the parser/chunker versions recorded differ", async () => {
    const t = await built();
    cleanup = t.cleanup;
    const file = join(t.dir, "manifest.json");
    const manifest = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...manifest, inputs: { ...manifest.inputs, tables: "0000" } }));
    expect(staleReason(t.config)).toBe("data tables changed (src/data)");
    writeFileSync(file, JSON.stringify({ ...manifest, inputs: { ...manifest.inputs, chunker: manifest.inputs.chunker + 1 } }));
    expect(staleReason(t.config)).toBe("parser or chunker version changed");
  });

  it("logs plan files that cannot be parsed at error level, not info", async () => {
    const t = tempCorpus();
    cleanup = t.cleanup;
    writeFileSync(join(t.corpusDir, "broken-2020.txt"), "只有一行没有结构的文字\n");
    const logs: { message: string; level: LogLevel }[] = [];
    await buildIndex(t.config, (message, level = "info") => logs.push({ message, level }));
    expect(logs.filter((l) => l.message.includes("broken-2020.txt"))).toEqual([
      { message: expect.stringMatching(/^plan file not indexed: .*broken-2020\.txt:1: /), level: "error" },
    ]);
  });

  it("does not index a plan file over the size limit or a plan with more clauses than any real plan, and says so", async () => {
    const t = tempCorpus();
    cleanup = t.cleanup;
    const filler = "营商环境优化提升行动相关文字。".repeat(Math.ceil((MAX_PLAN_FILE_BYTES + 200_000) / 45));
    writeFileSync(join(t.corpusDir, "huge-2024.txt"), `金山区优化营商环境行动方案\n\n一、总体要求\n\n${filler}\n`);
    // Five parts of 420 measures each (numbering restarts per part): 2100 clauses.
    const parts = ["一", "二", "三", "四", "五"].map(
      (n, p) =>
        `${n}、第${p + 1}部分任务\n\n${Array.from({ length: 420 }, (_, i) => `${i + 1}. 推进第${p + 1}部分第${i + 1}项工作。（责任单位：区府办）`).join("\n")}`,
    );
    writeFileSync(join(t.corpusDir, "many-2024.txt"), `金山区优化营商环境行动方案\n\n${parts.join("\n\n")}\n`);
    const logs: { message: string; level: LogLevel }[] = [];
    const { index } = await buildIndex(t.config, (message, level = "info") => logs.push({ message, level }));
    expect(index.plans.map((p) => p.meta.id).sort()).toEqual(["anting-2024", "jiangwan-2023"]);
    const errors = logs.filter((l) => l.level === "error").map((l) => l.message);
    expect(errors).toEqual([
      expect.stringMatching(/huge-2024\.txt:1: 5\.\d MB, over the 5\.0 MB limit for a plan file; not indexed/),
      expect.stringMatching(/many-2024:1: 2100 clauses, over the limit of 2000 for one plan; not indexed/),
    ]);
  });

  it("hashes every data table, so editing terms.txt or units.json changes the index inputs", () => {
    const dir = mkdtempSync(join(tmpdir(), "policy-tables-"));
    try {
      cpSync(new URL("../../src/data/", import.meta.url), dir, { recursive: true });
      const url = new URL(`file://${dir}/`);
      const before = tablesHash(url);
      expect(before).toBe(tablesHash());
      writeFileSync(join(dir, "terms.txt"), `${readFileSync(join(dir, "terms.txt"), "utf8")}\n新词条\n`);
      const afterTerms = tablesHash(url);
      expect(afterTerms).not.toBe(before);
      writeFileSync(join(dir, "units.json"), readFileSync(join(dir, "units.json"), "utf8").replace("区", "县"));
      expect(tablesHash(url)).not.toBe(afterTerms);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Flips one byte in the middle: the size stays, the JSON breaks. */
function damageKeepingSize(file: string) {
  const bytes = readFileSync(file);
  const middle = Math.floor(bytes.length / 2);
  // A different byte whatever the file holds there (a "{" written over a "{" damaged nothing).
  bytes[middle] = bytes[middle] === 0x7b ? 0x7d : 0x7b;
  writeFileSync(file, bytes);
}
