import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Assistant, createAssistant } from "../../src/answer/assistant.ts";
import { buildIndex } from "../../src/index/store.ts";
import { tempCorpus } from "../helpers.ts";

/** A plan where the clause that says most of a topic states no figure, and a shorter one states the time asked for. */
const PLAN = [
  "北湖区优化营商环境措施",
  "一、政务服务",
  "1. 深化企业开办便利化改革，企业开办全程网办，企业开办一窗通办，企业开办材料精简，企业开办服务再提升。（责任单位：区市场监管局）",
  "2. 企业开办时间压缩至1个工作日。（责任单位：区市场监管局）",
  "3. 推进工程建设项目审批改革。（责任单位：区建管委）",
].join("\n");

let assistant: Assistant;
let cleanup = () => {};
beforeAll(async () => {
  const t = tempCorpus();
  cleanup = t.cleanup;
  writeFileSync(join(t.corpusDir, "beihu-2024.txt"), PLAN);
  writeFileSync(join(t.corpusDir, "beihu-2024.meta.json"), JSON.stringify({ district: "北湖区", districtEn: "Beihu District" }));
  assistant = createAssistant((await buildIndex(t.config)).index);
});
afterAll(() => cleanup());

describe("a question asking for a figure", () => {
  it("leads with a clause on its topic that states a figure of the kind asked", async () => {
    const a = await assistant.ask({ message: "北湖区企业开办要多久？" });
    expect(a.citations[0]?.id).toBe("beihu-2024:2");
    expect(a.answer).toContain("1个工作日");
  });
});
