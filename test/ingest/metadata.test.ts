import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/ingest/parse.ts";

const BODY = "一、总体要求\n\n1. 推进企业开办全程网办。（责任单位：区市场监管局）";
const parse = (raw: string, title?: string) =>
  parsePlan({ planId: "minhang-2023", file: "minhang-2023.txt", raw, sidecar: title ? { district: "闵行区", title } : undefined }).plan;

describe("plan metadata", () => {
  it("reads a title wrapped onto two lines without a sidecar", () => {
    const plan = parse(`上海市闵行区持续优化提升营商\n\n环境行动方案\n\n为优化营商环境，制定本方案。\n\n${BODY}`);
    expect(plan.meta).toMatchObject({ title: "上海市闵行区持续优化提升营商环境行动方案", district: "闵行区", city: "上海市" });
    expect(plan.intro?.text).toBe("为优化营商环境，制定本方案。");
  });

  it("keeps a wrapped title out of the intro when the sidecar names it", () => {
    const plan = parse(
      `闵行区优化营商环境三年\n\n行动（2023—2025年）\n\n为优化营商环境，制定本计划。\n\n${BODY}`,
      "闵行区优化营商环境三年行动（2023—2025年）",
    );
    expect(plan.intro?.text).toBe("为优化营商环境，制定本计划。");
  });

  it("reads issuer and date from the signature at the end, and 自印发之日起施行 as the effective date", () => {
    const plan = parse(
      `上海市闵行区优化营商环境行动方案\n\n${BODY}\n\n本方案自印发之日起施行。\n\n上海市闵行区人民政府办公室\n\n2023年3月28日`,
    );
    expect(plan.meta).toMatchObject({ issuer: "上海市闵行区人民政府办公室", issueDate: "2023-03-28", effectiveDate: "2023-03-28" });
    expect(plan.closing?.text).toBe("本方案自印发之日起施行。");
  });

  it("closes with an instruction to every unit after the last measure, but leaves it to a heading it follows", () => {
    const after = parse(
      `闵行区优化营商环境行动方案\n\n${BODY}\n\n各责任单位要细化分解任务，于每月5日前报送上月工作进展。\n\n闵行区人民政府\n\n2023年3月28日`,
    );
    expect(after.closing?.text).toBe("各责任单位要细化分解任务，于每月5日前报送上月工作进展。");
    expect(after.parts[0]!.measures.at(-1)!.text).not.toContain("报送");

    const underHeading = parse(
      `闵行区优化营商环境行动方案\n\n${BODY}\n\n二、保障措施\n\n各责任单位要细化分解任务，按季度报送进展。\n\n本方案自印发之日起施行。`,
    );
    expect(underHeading.closing?.text).toBe("本方案自印发之日起施行。");
    expect(underHeading.parts[1]!.body).toContain("按季度报送进展");
  });

  it("lets the sidecar override what the text says", () => {
    const plan = parsePlan({
      planId: "minhang-2023",
      file: "minhang-2023.txt",
      raw: `上海市闵行区优化营商环境行动方案\n\n${BODY}\n\n本方案自2023年5月1日起施行。`,
      sidecar: { district: "闵行区", districtEn: "Minhang District", effectiveDate: "2023-06-01", issuer: "闵行区政府" },
    }).plan;
    expect(plan.meta).toMatchObject({ districtEn: "Minhang District", effectiveDate: "2023-06-01", issuer: "闵行区政府" });
  });

  it("reads a 文号 printed only as a later page's running header, never one cited in a sentence", () => {
    const cited = "根据《上海市优化营商环境条例》（沪府发〔2020〕3号），制定本方案。";
    const plan = parse(
      `上海市闵行区优化营商环境行动方案\n\n${cited}\n\n${BODY}\f闵府办〔2023〕12号\n2. 推进证照分离。（责任单位：区市场监管局）`,
    );
    expect(plan.meta.docNumber).toBe("闵府办〔2023〕12号");
    expect(JSON.stringify(plan.parts)).not.toContain("闵府办");
    expect(parse(`上海市闵行区优化营商环境行动方案\n\n${cited}\n\n${BODY}`).meta.docNumber).toBeNull();
  });
});
