import { copyFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PLAN_FIXTURES } from "../../eval/structure.ts";
import { buildIndex, type PolicyIndex } from "../../src/index/store.ts";
import { describeChange, watchCorpus } from "../../src/ingest/watch.ts";
import { tempCorpus } from "../helpers.ts";

describe("describeChange", () => {
  it("names added, removed and changed files", () => {
    expect(describeChange({ a: "1", b: "2", c: "3" }, { a: "1", b: "9", d: "4" })).toBe("added d; removed c; changed b");
    expect(describeChange({ a: "1" }, { a: "1" })).toBeNull();
  });
});

describe("watchCorpus", () => {
  const t = tempCorpus();
  afterAll(() => t.cleanup());

  it("builds a new index when a plan is added, serving the old one until it is ready, and reports a file it cannot read", async () => {
    const { index } = await buildIndex(t.config);
    let served: PolicyIndex = index;
    const logs: string[] = [];
    const watcher = watchCorpus({
      config: t.config,
      current: index,
      onIndex: (next) => {
        served = next;
      },
      log: (m, level = "info") => logs.push(level === "info" ? m : `${level}: ${m}`),
      debounceMs: 100,
    });
    try {
      copyFileSync(join(PLAN_FIXTURES, "xiling-2024.txt"), join(t.corpusDir, "xiling-2024.txt"));
      await expect.poll(() => served.plans.map((p) => p.meta.id), { timeout: 15_000, interval: 100 }).toContain("xiling-2024");
      await watcher.idle();
      expect(served).not.toBe(index);
      expect(index.plans.map((p) => p.meta.id)).not.toContain("xiling-2024");
      expect(logs[0]).toBe("corpus changed (added xiling-2024.txt): building a new index, serving the current one meanwhile");
      expect(logs[1]).toMatch(/^new index in service after [\d.]+ s: 3 plans, \d+ chunks$/);

      // A file that is not a plan is reported, and the plans are still served.
      rmSync(join(t.corpusDir, "jiangwan-2023.txt"));
      writeFileSync(join(t.corpusDir, "notes.doc"), "x");
      await expect.poll(() => served.plans.length, { timeout: 15_000, interval: 100 }).toBe(2);
      await watcher.idle();
      expect(logs.slice(2)).toEqual([
        "corpus changed (added notes.doc; removed jiangwan-2023.txt): building a new index, serving the current one meanwhile",
        expect.stringMatching(/^error: plan file not indexed: .*notes\.doc:1: unsupported file type/),
        expect.stringMatching(/^new index in service after [\d.]+ s: 2 plans, \d+ chunks$/),
      ]);
    } finally {
      watcher.close();
    }
  }, 30_000);
});
