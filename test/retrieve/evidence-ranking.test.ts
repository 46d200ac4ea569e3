import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { buildIndex, type PolicyIndex } from "../../src/index/store.ts";
import { evidenceFor } from "../../src/retrieve/concepts.ts";
import { retrieve } from "../../src/retrieve/pipeline.ts";
import { understand } from "../../src/understand/understand.ts";

/** A plan written for these tests: a plan term (开办) and a word common in any text (实现), one clause each. */
const PLAN = `丁区营商环境行动方案

一、重点任务

（一）政务服务

1. 推行企业开办一网通办，时间压缩至1个工作日。（责任单位：区市场监管局）

2. 工业园区网络实现全覆盖。（责任单位：区经委）

3. 设立企业服务专员队伍。（责任单位：区商务委）
`;

let index: PolicyIndex;
let dir = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "evidence-ranking-"));
  const corpus = join(dir, "corpus");
  mkdirSync(corpus);
  writeFileSync(join(corpus, "dingqu-2024.txt"), PLAN);
  writeFileSync(join(corpus, "dingqu-2024.meta.json"), JSON.stringify({ district: "丁区" }));
  index = (await buildIndex(loadConfig({ CORPUS_DIR: corpus, DATA_DIR: join(dir, "data") }))).index;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const clauseWith = (text: string) => [...index.clauses.values()].find((c) => c.text.includes(text))!.id;

describe("ranking evidence of a Chinese question", () => {
  const groups = [["开办"], ["实现"]];

  it("weighs a word common in any text (实现) below a plan term (开办) as rare in the plans", () => {
    expect(index.bm25.idf("开办")).toBeCloseTo(index.bm25.idf("实现"), 6);
    const opening = (ranking = {}) => evidenceFor(index, clauseWith("开办"), groups, 1, ranking).coverage;
    const network = (ranking = {}) => evidenceFor(index, clauseWith("网络"), groups, 1, ranking).coverage;
    // By rarity in the plans alone (an English question's glossary terms) the two clauses tie.
    expect(opening()).toBeCloseTo(network(), 6);
    const ranking = { commonWordsWeighLess: true };
    expect(opening(ranking)).toBeGreaterThan(network(ranking));
  });

  it("leaves the refusal's strength as it was", () => {
    const id = clauseWith("网络");
    expect(evidenceFor(index, id, groups, 1, { commonWordsWeighLess: true }).strength).toBe(evidenceFor(index, id, groups).strength);
  });

  it("puts the clause with the asked term first when the rest of the question is common words", async () => {
    const u = understand(
      "开办要多久，啥时候实现",
      [],
      index.plans.map((p) => p.meta),
    );
    const hits = await retrieve(index, u, 3);
    expect(hits[0]?.id).toBe(clauseWith("开办"));
  });
});
