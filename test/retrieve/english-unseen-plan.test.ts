import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssistant } from "../../src/answer/assistant.ts";
import { loadConfig } from "../../src/config.ts";
import { buildIndex, type PolicyIndex } from "../../src/index/store.ts";
import { englishConcepts, englishUnitNames } from "../../src/retrieve/english.ts";
import { understand } from "../../src/understand/understand.ts";

/** A plan whose units no alias table translates (区行政审批服务局, 区消防救援大队), beside two the table knows. */
const PLAN = `临水区优化营商环境工作方案

一、政务服务

1. 推行工程建设项目审批“一窗受理”，审批时间压缩至20个工作日。（责任单位：区行政审批服务局）

2. 推进消防验收与竣工验收合并办理。（责任单位：区消防救援大队）

3. 支持企业数字化改造，建设工业互联网平台5个。（牵头单位：区工业和信息化局；配合单位：区商务局）

4. 举办民营企业家座谈会每年4场。（责任单位：区工商联）

5. 建设零工市场2个。（责任单位：区人力资源社会保障局）

6. 供应工业用地300亩，保障重点项目落地，2025年6月底前完成。（责任单位：区自然资源局）

7. 优化工作流程，推行电子营业执照。（责任单位：区市场监管局）
`;

let dir = "";
let index: PolicyIndex;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "policy-test-units-en-"));
  mkdirSync(join(dir, "corpus"));
  writeFileSync(join(dir, "corpus", "linshui-2024.txt"), PLAN);
  ({ index } = await buildIndex(loadConfig({ CORPUS_DIR: join(dir, "corpus"), DATA_DIR: join(dir, "data") })));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const units = (q: string) => englishUnitNames(index, q).units;

describe("a plan's own units named in English", () => {
  it.each([
    ["What does the administrative approval bureau handle?", "区行政审批服务局"],
    ["What is the fire brigade responsible for?", "区消防救援大队"],
    ["Which tasks does the industry and information technology bureau lead?", "区工业和信息化局"],
    // The head noun breaks the tie between the commerce bureau and the federation of industry and commerce.
    ["What does the bureau of commerce do?", "区商务局"],
    ["What does the federation of industry and commerce do?", "区工商联"],
    // A unit the alias table knows is read by the table's English.
    ["What is the human resources bureau in charge of?", "区人力资源社会保障局"],
    ["What does the regulator oversee?", "区市场监管局"],
  ])("%s → %s", (question, unit) => {
    expect(units(question)).toEqual([unit]);
  });

  it("names no unit without a head noun, or with words no unit's English has", () => {
    expect(units("How fast is project approval?")).toEqual([]);
    expect(units("What does the weather bureau do?")).toEqual([]);
  });

  it.each([
    "What does the industry and information technology bureau handle?",
    "What does the industry and information technology bureau lead?",
    "What are the duties of the industry and information technology bureau?",
  ])("lists every measure of the unit so named, as the Chinese name would: %s", async (question) => {
    const assistant = createAssistant(index, {});
    const answer = await assistant.ask({ message: question });
    expect(answer.status).toBe("answered");
    expect(answer.citations.map((c) => c.id)).toEqual(["linshui-2024:3"]);
    expect(answer.answer).toContain("区工业和信息化局");
  });
});

describe("a glossary phrase the plan does not write", () => {
  const concepts = (q: string) => {
    const metas = index.plans.map((p) => p.meta);
    return englishConcepts(index, understand(q, [], metas)).concepts;
  };

  it("is read word by word when each word has a reading the plan writes (industrial land → 工业 + 落地)", async () => {
    const read = concepts("Who should I contact about industrial land?");
    expect(read.some((g) => g.includes("工业"))).toBe(true);
    expect(read.some((g) => g.includes("落地"))).toBe(true);
    const answer = await createAssistant(index, {}).ask({ message: "Who should I contact about industrial land?" });
    expect(answer.citations[0]?.id).toBe("linshui-2024:6");
  });

  it("stays whole when a word of it names nothing of its own (work permit: not any 营业执照 clause)", async () => {
    expect(concepts("Who handles work permits for foreign staff?").some((g) => g.includes("执照"))).toBe(false);
    const answer = await createAssistant(index, {}).ask({ message: "Who handles work permits for foreign staff?" });
    expect(answer.status).toBe("not_found");
  });
});

describe("the words that ask when or how much", () => {
  it.each([
    ["What's the deadline for supplying industrial land?", "时限"],
    ["What is the target for industrial land supply?", "目标"],
  ])("are no topic a clause must say: %s", async (question, asking) => {
    const read = englishConcepts(
      index,
      understand(
        question,
        [],
        index.plans.map((p) => p.meta),
      ),
    ).concepts;
    expect(read.flat()).not.toContain(asking);
    const answer = await createAssistant(index, {}).ask({ message: question });
    expect(answer.status).toBe("answered");
    expect(answer.citations[0]?.id).toBe("linshui-2024:6");
  });
});
