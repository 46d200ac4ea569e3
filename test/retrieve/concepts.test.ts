import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { buildIndex, type PolicyIndex } from "../../src/index/store.ts";
import { evidenceFor, misspeltDistricts, questionConcepts } from "../../src/retrieve/concepts.ts";
import { retrieve } from "../../src/retrieve/pipeline.ts";
import { understand } from "../../src/understand/understand.ts";

/** A small plan written for these tests: words that hold other words' characters across their edges. */
const PLAN = `丙区营商环境行动方案

一、重点任务

（一）政务服务

1. 推广使用电子印章，实现政府机关全覆盖。（责任单位：区政务服务办）

2. 保障企业用电需求，新增供电容量。（责任单位：区发展改革委）

3. 推进企业开办全程网办。（责任单位：区市场监管局）

4. 设立“12345”热线企业专席。（责任单位：区政务服务办）

5. 实现工业园区5G网络全覆盖。（责任单位：区经委）

6. 为外资企业提供专项服务。（责任单位：区商务委）
`;

/** A second district, whose name a homophone typo can miss (北糖 for 北塘). */
const SECOND = `北塘区营商环境改革任务清单

一、任务

1. 推行企业开办一网通办，开办时间压缩至1个工作日。（牵头单位：区市场监管局）

2. 实现工业园区5G网络全覆盖。（牵头单位：区工业和信息化局）

3. 上线“北塘企业码”，集成惠企政策。（牵头单位：区行政服务中心）
`;

let index: PolicyIndex;
let dir = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "concepts-"));
  const corpus = join(dir, "corpus");
  mkdirSync(corpus);
  writeFileSync(join(corpus, "bingqu-2024.txt"), PLAN);
  writeFileSync(join(corpus, "bingqu-2024.meta.json"), JSON.stringify({ district: "丙区" }));
  writeFileSync(join(corpus, "beitang-2024.txt"), SECOND);
  writeFileSync(join(corpus, "beitang-2024.meta.json"), JSON.stringify({ district: "北塘区" }));
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

describe("a district named by a homophone typo", () => {
  const u = (q: string) =>
    understand(
      q,
      [],
      index.plans.map((p) => p.meta),
    );

  it("is the district the question is about, and no concept to match", async () => {
    const q = u("北糖开办企业要多久");
    expect(q.districts).toEqual([]);
    expect(misspeltDistricts(index, q)).toEqual(["北塘区"]);
    expect(questionConcepts(index, q).flat()).not.toContain("北塘");
    const hits = await retrieve(index, q, 5);
    expect(hits[0]!.clause.text).toContain("企业开办");
    expect(new Set(hits.map((h) => h.clause.planId))).toEqual(new Set(["beitang-2024"]));
  });

  it("is not guessed when the question names a district as written", () => {
    expect(misspeltDistricts(index, u("丙区企业开办要多久"))).toEqual([]);
  });
});

describe("a number that names a thing", () => {
  const u = (q: string) =>
    understand(
      q,
      [],
      index.plans.map((p) => p.meta),
    );

  it("is a concept when it is a code of five digits or more (the 12345 hotline), weighed as a rare word", () => {
    const concepts = questionConcepts(index, u("打12345老是被转来转去"));
    expect(concepts).toContainEqual(["12345"]);
    const line = evidenceFor(index, clauseWith("12345"), [["12345"], ["转来转去"], ["专门"]]);
    expect(line.matched).toEqual(["12345"]);
    expect(line.strength).toBeGreaterThan(0.3);
  });

  it("is a concept in a Latin name the plans write (5G), and no Latin word the plans never write is", () => {
    const concepts = questionConcepts(index, u("丙区5G什么时候全覆盖，ok吗")).flat();
    expect(concepts).toContain("5g");
    expect(concepts).not.toContain("ok");
  });

  it("is no concept when it is the asker's filler (who sent them, how it feels, A-not-A, how many in total)", () => {
    const concepts = questionConcepts(index, u("老板让我问下，感觉电子印章一共算不算免费，以后管不管")).flat();
    expect(concepts).toContain("电子印章");
    for (const filler of ["老板", "问下", "感觉", "一共", "算不算", "以后", "不管"]) expect(concepts).not.toContain(filler);
  });

  it("is the name the plans put in quotes when the question is only that name (北塘企业码)", async () => {
    expect(questionConcepts(index, u("北塘企业码"))).toEqual([["北塘企业码"]]);
    const hits = await retrieve(index, u("北塘企业码"), 1);
    expect(hits[0]?.evidence?.matched).toEqual(["北塘企业码"]);
  });

  it("weighs the kind of firm the asker says they are (我们是港资企业) below what they ask about", async () => {
    const hits = await retrieve(index, u("我们是港资企业，想问丙区供电"), 2);
    expect(hits[0]?.clause.text).toContain("供电");
    // Asked about that kind of firm, the clause on it comes first.
    expect((await retrieve(index, u("丙区对港资企业有什么服务"), 1))[0]?.clause.text).toContain("外资企业");
  });

  it("is no concept when it is a year or a short figure", () => {
    expect(questionConcepts(index, u("2024年企业开办有什么新规定")).flat()).not.toContain("2024");
  });
});
