import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { buildIndex, type PolicyIndex } from "../../src/index/store.ts";
import { retrieve } from "../../src/retrieve/pipeline.ts";
import { questionConcepts } from "../../src/retrieve/concepts.ts";
import { fuzzySyllables, homophoneCorrections } from "../../src/retrieve/typos.ts";
import { understand } from "../../src/understand/understand.ts";

/** A plan written for these tests: words a speaker who does not tell zh from z, or ing from in, mistypes. */
const PLAN = `戊区营商环境行动方案

一、重点任务

（一）法治环境

1. 推进破产案件快速审理，简单案件6个月内审结，公开审结结果。（责任单位：区法院）

2. 推行政务服务好差评，差评整改率达到100%。（责任单位：区政务服务办）

3. 组建企业服务专员队伍。（责任单位：区商务委）

4. 推行企业开办一日办结，新设公司当天领照，区市场监管局牵头；社会投资项目拿地即开工。（责任单位：区市场监管局）

5. 加强商业秘密保护。（责任单位：区市场监管局）
`;

let index: PolicyIndex;
let dir = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "typos-"));
  const corpus = join(dir, "corpus");
  mkdirSync(corpus);
  writeFileSync(join(corpus, "wuqu-2024.txt"), PLAN);
  writeFileSync(join(corpus, "wuqu-2024.meta.json"), JSON.stringify({ district: "戊区" }));
  index = (await buildIndex(loadConfig({ CORPUS_DIR: corpus, DATA_DIR: join(dir, "data") }))).index;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("homophone typos by 模糊音", () => {
  it("hears zh/ch/sh as z/c/s, an initial n as l, and ang/eng/ing as an/en/in", () => {
    expect(fuzzySyllables(["chan", "zhi", "shen", "nan", "ping", "lv"])).toEqual(["can", "zi", "sen", "lan", "pin", "lv"]);
    expect(fuzzySyllables(["ni", "an", "en"])).toEqual(["li", "an", "en"]);
  });

  it("reads a longer run that differs from a plan word only by 模糊音 as that word", async () => {
    expect(homophoneCorrections(index, "破惨案件要审多久")).toContainEqual({ written: "破惨案件", meant: "破产案件" });
    expect(homophoneCorrections(index, "好差频有用吗")).toContainEqual({ written: "好差频", meant: "好差评" });
    const hits = await retrieve(
      index,
      understand(
        "破惨案件要审多久",
        [],
        index.plans.map((p) => p.meta),
      ),
      2,
    );
    expect(hits[0]?.clause.text).toContain("破产案件");
  });

  it("does not read two characters alike only by 模糊音 as another word (住建 is no typo of 组建)", () => {
    expect(homophoneCorrections(index, "住建局负责什么").map((c) => c.meant)).not.toContain("组建");
  });

  const asked = (q: string) =>
    understand(
      q,
      [],
      index.plans.map((p) => p.meta),
    );

  it("reads two typos that share a character as the likelier words (审洁果: 审|结果, not 审结|果)", () => {
    const meant = homophoneCorrections(index, "审洁果，哪里看").map((c) => c.meant);
    expect(meant).toContain("结果");
    expect(meant).not.toContain("审结");
  });

  it("finds the spoken phrase a typo hid (开公思 → 开公司 → 企业开办) and ranks its clause first", async () => {
    expect(questionConcepts(index, asked("开公思要多久"))).toContainEqual(expect.arrayContaining(["开公司", "企业开办"]));
    const hits = await retrieve(index, asked("开公思要多久"), 2);
    expect(hits[0]?.clause.text).toContain("企业开办");
  });

  it("reads a typo of a spoken phrase the synonym table knows as that phrase (商叶机密 → 商业机密 → 商业秘密)", async () => {
    expect(homophoneCorrections(index, "商叶机密怎么保护")).toContainEqual({ written: "商叶机密", meant: "商业机密" });
    expect(questionConcepts(index, asked("商叶机密怎么保护"))).toContainEqual(expect.arrayContaining(["商业机密", "商业秘密"]));
    expect((await retrieve(index, asked("商叶机密怎么保护"), 1))[0]?.clause.text).toContain("商业秘密");
  });

  it("reads a typo glued to a particle into another word (开共有: 共有 is 开工 + 有), not one glued to content (公司想)", () => {
    expect(homophoneCorrections(index, "拿地即开共有什么条件")).toContainEqual({ written: "开共", meant: "开工" });
    expect(homophoneCorrections(index, "新设公司想问").map((c) => c.meant)).not.toContain("思想");
  });

  it("makes no topic of a typo for a question word (牵投 for 牵头)", () => {
    expect(homophoneCorrections(index, "哪个部门牵投").map((c) => c.meant)).toContain("牵头");
    expect(questionConcepts(index, asked("好差评哪个部门牵投")).flat()).not.toContain("牵头");
  });
});
