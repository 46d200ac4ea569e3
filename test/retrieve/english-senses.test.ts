import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { buildIndex, type PolicyIndex } from "../../src/index/store.ts";
import { coherentTerms, englishConcepts, englishTerms } from "../../src/retrieve/english.ts";
import { retrieve } from "../../src/retrieve/pipeline.ts";
import { understand } from "../../src/understand/understand.ts";

/** A plan where 改造 and 改革 (reform) and 手册 (a handbook) are said only far from 电子印章, 自动 beside it. */
const PLAN = `石桥区优化营商环境工作方案

一、政务服务

1. 推出10项高频事项，实行无人干预自动办理。（责任单位：区政务服务中心）

2. 编制企业办事手册，发布线上版本。（责任单位：区政务服务中心）

3. 推广电子印章应用，实现电子印章自动签发。（责任单位：区数据局）

4. 推行企业登记全程网办。（责任单位：区市场监管局）

5. 推进老旧厂房改造，深化园区管理体制改革。（责任单位：区商务局）

6. 加快项目审批，提速水电接入，加速企业注销。（责任单位：区发展改革委）

7. 梳理惠企政策，形成政策清单并集中发布。（责任单位：区发展改革委）
`;

let dir = "";
let index: PolicyIndex;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "policy-test-senses-en-"));
  mkdirSync(join(dir, "corpus"));
  writeFileSync(join(dir, "corpus", "shiqiao-2024.txt"), PLAN);
  ({ index } = await buildIndex(loadConfig({ CORPUS_DIR: join(dir, "corpus"), DATA_DIR: join(dir, "data") })));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const understood = (q: string) =>
  understand(
    q,
    [],
    index.plans.map((p) => p.meta),
  );

describe("a question only the dictionary reads", () => {
  it("is retrieved by the dictionary's terms when the glossary reads none of it", async () => {
    const u = understood("Which high-frequency matters are handled automatically?");
    expect(u.retrievalText.trim()).toBe("");
    const hits = await retrieve(index, u, 3);
    expect(hits[0]?.id).toBe("shiqiao-2024:1");
  });
});

describe("dictionary senses the question's other concepts do not go with", () => {
  it("keeps the senses a clause says beside another concept, drops the rest", () => {
    expect(coherentTerms(index, [], ["自动", "手册"], [["电子印章"]])).toEqual(["自动"]);
    expect(coherentTerms(index, [], ["改造", "改革"], [["电子印章"]])).toEqual([]);
  });

  it("keeps a reading whole when it is one sense, or no other concept is said by the plans in scope", () => {
    expect(coherentTerms(index, [], ["手册"], [["电子印章"]])).toEqual(["手册"]);
    expect(coherentTerms(index, [], ["改造", "改革"], [["不存在的词"]])).toEqual(["改造", "改革"]);
    expect(coherentTerms(index, [], ["改造", "改革"], [])).toEqual(["改造", "改革"]);
  });

  it("reads only the districts asked about", () => {
    expect(coherentTerms(index, ["另一区"], ["自动", "手册"], [["电子印章"]])).toEqual(["自动", "手册"]);
  });

  it("an English question loses the dictionary sense its glossary concept never meets", () => {
    const u = understood("Is there a reform of the electronic seal?");
    const e = englishConcepts(index, u);
    const flat = e.concepts.flat();
    expect(flat).toContain("电子印章");
    expect(flat).not.toContain("改造");
    expect(flat).not.toContain("改革");
  });
});

describe("a dictionary phrase naming three of the plans' words", () => {
  it("is read with all three (the question's other concepts choose among them)", () => {
    const speed = englishTerms(index, "Will they speed up approval?").find((m) => m.phrase === "speed up");
    expect(speed?.terms.sort()).toEqual(["加快", "加速", "提速"].sort());
  });
});

describe("a dictionary name of the form 'list of items'", () => {
  it("is also read by its head noun (list → 清单)", () => {
    const list = englishTerms(index, "Is there one list?").find((m) => m.phrase === "list");
    expect(list?.terms).toContain("清单");
  });
});
