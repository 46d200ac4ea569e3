import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { buildIndex, type PolicyIndex } from "../../src/index/store.ts";
import { evidenceFor } from "../../src/retrieve/concepts.ts";

/** A small plan written for these tests: words that hold other words' characters across their edges. */
const PLAN = `丙区营商环境行动方案

一、重点任务

（一）政务服务

1. 推广使用电子印章，实现政府机关全覆盖。（责任单位：区政务服务办）

2. 保障企业用电需求，新增供电容量。（责任单位：区发展改革委）

3. 推进企业开办全程网办。（责任单位：区市场监管局）
`;

let index: PolicyIndex;
let dir = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "concepts-"));
  const corpus = join(dir, "corpus");
  mkdirSync(corpus);
  writeFileSync(join(corpus, "bingqu-2024.txt"), PLAN);
  writeFileSync(join(corpus, "bingqu-2024.meta.json"), JSON.stringify({ district: "丙区" }));
  index = (await buildIndex(loadConfig({ CORPUS_DIR: corpus, DATA_DIR: join(dir, "data") }))).index;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const clauseWith = (text: string) => [...index.clauses.values()].find((c) => c.text.includes(text))!.id;

describe("concept matching on word edges", () => {
  it("does not find a word in the ends of two neighbouring words (用电 in 使用|电子印章)", () => {
    const seal = evidenceFor(index, clauseWith("电子印章"), [["用电"]]);
    expect(seal.matched).toEqual([]);
    const power = evidenceFor(index, clauseWith("用电需求"), [["用电"]]);
    expect(power.matched).toEqual(["用电"]);
  });

  it("finds a word inside a longer word of the clause (开办 in 企业开办)", () => {
    expect(evidenceFor(index, clauseWith("企业开办"), [["开办"]]).matched).toEqual(["开办"]);
  });
});
