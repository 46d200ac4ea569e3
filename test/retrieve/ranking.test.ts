import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { buildIndex, type PolicyIndex } from "../../src/index/store.ts";
import { retrieve } from "../../src/retrieve/pipeline.ts";
import { understand } from "../../src/understand/understand.ts";

/** Two small plans written for these tests: one with many clauses on common words, one short. */
const PLANS: Record<string, string> = {
  "jiaqu-2024": `甲区深化推进一流营商环境建设行动方案

一、优化企业服务

（一）企业服务

1. 优化企业服务，提升企业办事体验，推进企业服务专员制度。（责任单位：区商务委）

2. 为企业提供服务，做好企业服务，提升企业满意度。（责任单位：区府办）

3. 推行桩基先行改革，设计方案批复后可先行施工。（责任单位：区建管委）

4. 推进企业全程网办，压缩办理时间。（责任单位：区行政服务中心）
`,
  "yiqu-2024": `乙区营商环境提升方案

一、重点任务

（一）企业开办

1. 企业开办时间压缩至1天。（责任单位：区市场监管局）
`,
};

let index: PolicyIndex;
let dir = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ranking-"));
  const corpus = join(dir, "corpus");
  mkdirSync(corpus);
  for (const [id, text] of Object.entries(PLANS)) {
    writeFileSync(join(corpus, `${id}.txt`), text);
    writeFileSync(join(corpus, `${id}.meta.json`), JSON.stringify({ district: id.startsWith("jia") ? "甲区" : "乙区" }));
  }
  index = (await buildIndex(loadConfig({ CORPUS_DIR: corpus, DATA_DIR: join(dir, "data") }))).index;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ranked(question: string) {
  return retrieve(
    index,
    understand(
      question,
      [],
      index.plans.map((p) => p.meta),
    ),
    5,
  );
}

describe("ranking", () => {
  it("puts the clause with a rare exact term above clauses sharing common words", async () => {
    const hits = await ranked("企业服务方面能不能桩基先行？");
    expect(hits[0]!.id).toBe("jiaqu-2024:3");
  });

  it("ranks a question that names no district on the clauses' merits, not on plan-title words", async () => {
    const hits = await ranked("一流营商环境建设中企业开办时间要多久？");
    expect(hits[0]!.id).toBe("yiqu-2024:1");
  });

  it("does not fuse the offline hashed vectors, and every hit carries its evidence", async () => {
    const hits = await ranked("企业开办时间要多久？");
    expect(hits.every((h) => h.vector === null)).toBe(true);
    expect(hits[0]!.id).toBe("yiqu-2024:1");
    expect(hits[0]!.evidence!.matched.length).toBeGreaterThan(0);
    const weak = hits.find((h) => h.id === "jiaqu-2024:4")!;
    expect(weak.evidence!.strength).toBeLessThan(hits[0]!.evidence!.strength);
  });
});
