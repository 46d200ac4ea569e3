import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssistant } from "../../src/answer/assistant.ts";
import { loadConfig } from "../../src/config.ts";
import { buildIndex, type PolicyIndex } from "../../src/index/store.ts";
import { englishConcepts } from "../../src/retrieve/english.ts";
import { understand } from "../../src/understand/understand.ts";

/** Two districts: one writes 产业发展基金 and never 投资, the other 投资 and never 基金 or 资金. */
const LINSHUI = `临水区优化营商环境工作方案

一、金融服务

1. 设立3亿元产业发展基金，支持重点产业项目。（责任单位：区财政局）

2. 推行电子营业执照，企业开办1个工作日办结。（责任单位：区市场监管局）

3. 落实高层次人才待遇，支持企业经营。（责任单位：区人才办）

4. 实施联合验收，将规划、消防等验收事项整合为一次验收。（责任单位：区住房城乡建设委）
`;
const XIKOU = `溪口区优化营商环境工作方案

一、招商引资

1. 优化外商投资服务，建立重大项目专班。（责任单位：区商务委）

2. 推行电子营业执照。（责任单位：区市场监管局）
`;

let dir = "";
let index: PolicyIndex;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "policy-test-scope-modifier-"));
  mkdirSync(join(dir, "corpus"));
  writeFileSync(join(dir, "corpus", "linshui-2024.txt"), LINSHUI);
  writeFileSync(join(dir, "corpus", "xikou-2024.txt"), XIKOU);
  ({ index } = await buildIndex(loadConfig({ CORPUS_DIR: join(dir, "corpus"), DATA_DIR: join(dir, "data") })));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const concepts = (q: string) =>
  englishConcepts(
    index,
    understand(
      q,
      [],
      index.plans.map((p) => p.meta),
    ),
  ).concepts;

describe("a glossary phrase whose modifier only other plans write", () => {
  it("is read by its head in the district asked about (investment fund → 基金 where the plan writes 产业发展基金)", async () => {
    const question = "Does Linshui have an investment fund? How large is it?";
    expect(concepts(question).some((g) => g.includes("基金"))).toBe(true);
    const answer = await createAssistant(index, {}).ask({ message: question });
    expect(answer.status).toBe("answered");
    expect(answer.citations[0]?.id).toBe("linshui-2024:1");
  });

  it("is read by its head when a modifier has no reading in any plan (final acceptance → 验收 where the plan writes 联合验收)", async () => {
    const question = "What about final acceptance in Linshui?";
    expect(concepts(question).some((g) => g.includes("验收"))).toBe(true);
    const answer = await createAssistant(index, {}).ask({ message: question });
    expect(answer.citations[0]?.id).toBe("linshui-2024:4");
  });

  it("stays whole where the head has no reading the district's plan writes", () => {
    expect(concepts("Does Xikou have an investment fund?").some((g) => g.includes("基金") || g.includes("资金"))).toBe(false);
  });
});

describe("common verbs the dictionary reads as nouns", () => {
  it("name no topic (pay is no 待遇, run no 经营, back no 支持)", () => {
    const read = concepts("Linshui: who runs the fund, who backs it, and how fast must they pay out?").flat();
    expect(read.filter((t) => ["待遇", "经营", "支持"].includes(t))).toEqual([]);
    expect(read).toContain("基金");
  });
});
