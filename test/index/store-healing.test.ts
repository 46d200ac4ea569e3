import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { IndexMismatchError } from "../../src/errors.ts";
import { MAX_PLAN_FILE_BYTES } from "../../src/ingest/corpus.ts";
import { buildIndex, ensureIndex, indexDir, loadIndex, type LogLevel, staleReason, tablesHash } from "../../src/index/store.ts";
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

  it("refuses a plans.ndjson damaged in place (same size, still valid JSON) and rebuilds it, saying why", async () => {
    const t = await built();
    cleanup = t.cleanup;
    const file = join(t.dir, "plans.ndjson");
    const before = readFileSync(file, "utf8");
    // Same byte length in UTF-8, so only the checksum can tell.
    const damaged = before.replaceAll("电子印章", "损坏损坏");
    expect(damaged).not.toBe(before);
    writeFileSync(file, damaged);
    expect(staleReason(t.config)).toBeNull();
    expect(() => loadIndex(t.config)).toThrow(/plans\.ndjson does not match its checksum/);
    const index = await ensureIndex(t.config, t.log);
    expect(t.logs[0]).toEqual({ message: expect.stringMatching(/unreadable \(plans\.ndjson .*\)/), level: "warn" });
    const hits = await searchClauses(index, "电子印章公共服务平台", { k: 1 });
    expect(hits[0]!.id).toBe("anting-2024:2");
    expect(loadIndex(t.config).clauses.get("anting-2024:2")!.text).toContain("电子印章");
  });

  it.each([
    ["a missing file", (dir: string) => unlinkSync(join(dir, "bm25.bin")), /bm25\.bin is missing/],
    ["invalid JSON of the right size", (dir: string) => damageKeepingSize(join(dir, "catalog.json")), /catalog\.json does not match/],
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
  bytes[Math.floor(bytes.length / 2)] = "{".charCodeAt(0);
  writeFileSync(file, bytes);
}
