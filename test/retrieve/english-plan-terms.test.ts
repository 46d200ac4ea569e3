import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { buildIndex, type PolicyIndex } from "../../src/index/store.ts";
import { retrieve } from "../../src/retrieve/pipeline.ts";
import { understand } from "../../src/understand/understand.ts";

/**
 * A plan written in the standard terms of business-environment plans (企业开办, 网上办税, 稳岗返还, 转贷…)
 * beside other clauses that share the questions' common words (税, 贷款): the glossary's English
 * for the standard terms finds them.
 */
const PLAN = `云溪区优化营商环境实施方案

一、政务服务

1. 企业开办全程网上办理，办理时间压缩至1个工作日。（责任单位：区市场监管局）

2. 推行不动产登记“带押过户”。（责任单位：区自然资源局）

3. 推行“非接触式”办税缴费，网上办税率达到98%。（责任单位：区税务局）

4. 推行施工图审查告知承诺制，审查时限压缩至5个工作日。（责任单位：区住房城乡建设局）

二、要素保障

5. 落实援企稳岗政策，全年发放稳岗返还资金5000万元。（责任单位：区人力资源社会保障局）

6. 建立10亿元规模的转贷应急资金池。（责任单位：区金融服务中心）

7. 每年提供标准厂房10万平方米以上，工业项目“标准地”出让比例达到60%。（责任单位：区规划资源局）

8. 新增中小企业贷款50亿元，开展纳税信用评价。（责任单位：区金融服务中心）
`;

let dir = "";
let index: PolicyIndex;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "policy-test-plan-terms-en-"));
  mkdirSync(join(dir, "corpus"));
  writeFileSync(join(dir, "corpus", "yunxi-2024.txt"), PLAN);
  ({ index } = await buildIndex(loadConfig({ CORPUS_DIR: join(dir, "corpus"), DATA_DIR: join(dir, "data") })));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const first = async (q: string) =>
  (
    await retrieve(
      index,
      understand(
        q,
        [],
        index.plans.map((p) => p.meta),
      ),
      3,
    )
  )[0]?.id;

describe("standard plan terms in investors' English", () => {
  it.each([
    ["How fast is business registration?", "yunxi-2024:1"],
    ["Can a mortgaged property transfer be done here?", "yunxi-2024:2"],
    ["What share of taxes can be handled as online tax filing?", "yunxi-2024:3"],
    ["How long does the construction drawing examination take?", "yunxi-2024:4"],
    ["Is there any job stabilization money for employers?", "yunxi-2024:5"],
    ["Is there a bridging loan fund?", "yunxi-2024:6"],
    ["How many square metres of standard factories are offered?", "yunxi-2024:7"],
  ])("%s → %s", async (question, id) => {
    expect(await first(question)).toBe(id);
  });
});
