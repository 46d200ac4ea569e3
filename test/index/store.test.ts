import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildIndex, ensureIndex, indexDir, loadIndex, staleReason } from "../../src/index/store.ts";
import { searchClauses } from "../../src/retrieve/hybrid.ts";
import { tempCorpus } from "../helpers.ts";

describe("persisted hybrid index", () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it("builds, persists and loads an index that retrieves the same clauses", async () => {
    const t = tempCorpus();
    cleanup = t.cleanup;
    const { index } = await buildIndex(t.config);
    expect(index.manifest.counts.plans).toBe(2);
    // Offline there is no vector index: nothing is embedded, built, written or loaded for it.
    expect(index.manifest.embedder).toEqual({ id: "offline-lexical", dimensions: null, vectors: false });
    expect(index.vectors).toBeNull();
    expect(Object.keys(index.manifest.files).filter((f) => f.startsWith("vectors"))).toEqual([]);
    expect(existsSync(join(indexDir(t.config), "vectors.hnsw"))).toBe(false);
    const loaded = loadIndex(t.config);
    expect(loaded.vectors).toBeNull();
    const before = await searchClauses(index, "电子印章公共服务平台", { k: 3 });
    const after = await searchClauses(loaded, "电子印章公共服务平台", { k: 3 });
    expect(after.map((h) => h.id)).toEqual(before.map((h) => h.id));
    expect(after[0]!.id).toBe("anting-2024:2");
    expect(after[0]!.clause.units).toEqual([{ name: "区科委", nameEn: "District Science and Technology Commission", role: "responsible" }]);
  });

  it("is stale when a plan file or sidecar changes, is added, or the embedder changes", async () => {
    const t = tempCorpus();
    cleanup = t.cleanup;
    expect(staleReason(t.config)).toBe("no index built yet");
    await buildIndex(t.config);
    expect(staleReason(t.config)).toBeNull();
    appendFileSync(join(t.corpusDir, "anting-2024.txt"), "\n6. 新增一条措施。（责任单位：区府办）\n");
    expect(staleReason(t.config)).toMatch(/anting-2024\.txt/);
    await buildIndex(t.config);
    writeFileSync(join(t.corpusDir, "new-2025.txt"), "新区行动方案\n\n一、目标\n\n提升服务。\n");
    expect(staleReason(t.config)).toMatch(/new-2025\.txt/);
    const withServer = tempCorpus({ EMBEDDING_MODEL: "bge-m3", OPENAI_BASE_URL: "http://127.0.0.1:9/v1" });
    expect(staleReason({ ...withServer.config, corpusDir: t.config.corpusDir, dataDir: t.config.dataDir })).toMatch(/embedder changed/);
    withServer.cleanup();
  });

  it("rebuilds on demand and filters by district and plan", async () => {
    const t = tempCorpus();
    cleanup = t.cleanup;
    const logs: string[] = [];
    const index = await ensureIndex(t.config, (m) => logs.push(m));
    expect(logs[0]).toMatch(/building index/);
    const onlyJiangwan = await searchClauses(index, "施工许可 电子印章", { k: 5, districts: ["江湾区"] });
    expect(onlyJiangwan.length).toBeGreaterThan(0);
    expect(onlyJiangwan.every((h) => h.clause.planId === "jiangwan-2023")).toBe(true);
    const onlyAnting = await searchClauses(index, "施工许可 电子印章", { k: 5, planIds: ["anting-2024"] });
    expect(onlyAnting.every((h) => h.clause.planId === "anting-2024")).toBe(true);
    logs.length = 0;
    await ensureIndex(t.config, (m) => logs.push(m));
    expect(logs).toEqual([]);
  });

  it("keeps indexing the other plans when one file is broken, and reports it", async () => {
    const t = tempCorpus();
    cleanup = t.cleanup;
    writeFileSync(join(t.corpusDir, "broken-2020.txt"), "只有一行没有结构的文字\n");
    const { index, corpus } = await buildIndex(t.config);
    expect(index.manifest.counts.plans).toBe(2);
    expect(corpus.errors.map((e) => e.message)).toEqual([expect.stringMatching(/broken-2020\.txt:1: /)]);
  });
});
