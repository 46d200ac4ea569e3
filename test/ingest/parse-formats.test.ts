import { describe, expect, it } from "vitest";
import { allMeasures, byId, parseFixture, parseText, roles, unitNames } from "./helpers.ts";

describe("`1．` measures with 牵头单位 / 配合单位 (lead-2022)", () => {
  const { plan, warnings, clauses } = parseFixture("lead-2022", "jiading-2022");

  it("reads metadata from the front matter", () => {
    expect(plan.meta).toMatchObject({
      id: "jiading-2022",
      district: "嘉定区",
      city: "上海市",
      title: "上海市嘉定区优化营商环境三年行动方案",
      issuer: "上海市嘉定区人民政府办公室",
      docNumber: "沪嘉府办〔2022〕8号",
      issueDate: "2022-06-01",
      effectiveDate: null,
    });
    expect(plan.intro?.text).toBe("为进一步优化营商环境，激发市场主体活力，结合本区实际，制定本方案。");
    expect(warnings).toEqual([]);
  });

  it("numbers full-width-dot measures 1..5 through three parts", () => {
    expect(plan.parts.map((p) => p.heading)).toEqual(["一、提升政务服务效能", "二、强化要素保障", "三、加强组织实施"]);
    expect(allMeasures(plan).map((m) => m.number)).toEqual([1, 2, 3, 4, 5]);
  });

  it("keeps lead and support roles, names as written and canonical names", () => {
    expect(roles(byId(clauses, "jiading-2022:1"))).toEqual(["区发改委:lead", "区财政局:support", "区税务局:support"]);
    expect(roles(byId(clauses, "jiading-2022:2"))).toEqual(["区规划和自然资源局:lead", "区税务局:support"]);
    expect(byId(clauses, "jiading-2022:2").units[0]?.canonical).toBe("区规划资源局");
    expect(roles(byId(clauses, "jiading-2022:4"))).toEqual(["区商务委员会:lead", "区科学技术委员会:support", "各街道（镇）:support"]);
    expect(byId(clauses, "jiading-2022:4").units.map((u) => u.canonical)).toEqual(["区商务委", "区科委", "各街镇"]);
    expect(roles(byId(clauses, "jiading-2022:5"))).toEqual(["区府办:responsible", "各相关部门:support"]);
  });

  it("strips the label group from the text and keeps Latin words spaced", () => {
    expect(byId(clauses, "jiading-2022:4").text).toBe("设立 RCEP 服务中心，为外贸企业提供政策咨询服务。");
    expect(byId(clauses, "jiading-2022:3").targets).toMatchObject([{ text: "10万平方米", value: 100000, kind: "area" }]);
  });
});

describe("`（1）` measures restarting per section, units on their own line (paren-2023)", () => {
  const { plan, warnings, clauses } = parseFixture("paren-2023", "changning-2023");

  it("finds every measure in its section, numbered from 1 in each", () => {
    const sections = plan.parts.flatMap((p) => p.sections);
    expect(sections.map((s) => [s.heading, s.measures.map((m) => m.number)])).toEqual([
      ["（一）企业开办", [1, 2]],
      ["（二）准入准营", [1, 2]],
      ["（一）融资服务", [1, 2]],
    ]);
    expect(warnings).toEqual([]);
  });

  it("takes units from the label line after the measure, and none where there is no label", () => {
    expect(unitNames(byId(clauses, "changning-2023:1.1.2"))).toEqual(["区市场监管局", "区大数据管理中心"]);
    expect(unitNames(byId(clauses, "changning-2023:1.2.1"))).toEqual(["区政务服务中心"]);
    expect(byId(clauses, "changning-2023:1.2.2").units).toEqual([]);
    expect(roles(byId(clauses, "changning-2023:2.1.1"))).toEqual(["区金融办:responsible", "区财政局:support"]);
    expect(clauses.map((c) => c.text).join("")).not.toMatch(/责任|配合单位/);
  });

  it("extracts targets written with stray spaces", () => {
    expect(byId(clauses, "changning-2023:1.1.1").text).toBe("推行企业开办全程网办，办理时间压缩至1个工作日。");
    expect(byId(clauses, "changning-2023:1.1.1").targets.map((t) => t.text)).toEqual(["1个工作日"]);
    expect(byId(clauses, "changning-2023:2.1.1").targets.map((t) => t.text)).toEqual(["2000户以上"]);
    expect(byId(clauses, "changning-2023:2.1.2").targets.map((t) => t.text)).toEqual(["一个月内"]);
  });
});

describe("`第一章 … 第一条` articles (article-2024)", () => {
  const { plan, warnings, clauses } = parseFixture("article-2024", "yangpu-2024");

  it("reads chapters as parts and articles as measures numbered through the plan", () => {
    expect(plan.intro).toBeNull();
    expect(plan.parts.map((p) => [p.heading, p.measures.map((m) => m.number)])).toEqual([
      ["第一章总则", [1, 2]],
      ["第二章政务服务", [3, 4]],
      ["第三章附则", [5]],
    ]);
    expect(warnings).toEqual([]);
  });

  it("keeps （一） item lists inside their article instead of opening sections", () => {
    expect(plan.parts.every((p) => p.sections.length === 0)).toBe(true);
    expect(byId(clauses, "yangpu-2024:4").text).toBe(
      "建立涉企政策“免申即享”机制，具体包括：\n（一）梳理可免申事项清单；\n（二）推动资金直达企业。",
    );
    expect(unitNames(byId(clauses, "yangpu-2024:4"))).toEqual(["区发改委"]);
  });

  it("gives articles without a label no units, and reads the effective date from the last article", () => {
    expect(["yangpu-2024:1", "yangpu-2024:2", "yangpu-2024:5"].map((id) => byId(clauses, id).units)).toEqual([[], [], []]);
    expect(unitNames(byId(clauses, "yangpu-2024:3"))).toEqual(["区府办", "区政务服务中心"]);
    expect(plan.meta.effectiveDate).toBe("2024-03-01");
  });
});

describe("sections without measures, closing sentence (sections-2022)", () => {
  const { plan, warnings } = parseFixture("sections-2022", "jingan-2022");

  it("keeps a part without sections as a body and sections as bodies", () => {
    const [first, second, third] = plan.parts;
    expect(first).toMatchObject({ heading: "一、总体要求", sections: [], body: "坚持问题导向，持续推进营商环境改革，打造服务型政府。" });
    expect(second?.body).toBe("围绕企业全生命周期，推出一批改革举措。");
    expect(second?.sections.map((s) => s.title)).toEqual(["市场准入", "纳税服务"]);
    expect(third?.sections.map((s) => s.body)).toEqual(["各部门要落实主要领导负责制。", "将营商环境工作纳入绩效考核。"]);
    expect(warnings).toEqual([]);
  });

  it("separates both closing sentences and reads the effective date from them", () => {
    expect(plan.closing?.text).toBe("本方案由区发展和改革委员会负责解释。\n本方案自2022年5月1日起施行。");
    expect(plan.parts.at(-1)?.sections.at(-1)?.body).toBe("将营商环境工作纳入绩效考核。");
    expect(plan.meta.effectiveDate).toBe("2022-05-01");
  });

  it("does not take a document number cited in the intro as the plan's own", () => {
    expect(plan.intro?.text).toContain("（沪府办规〔2023〕2号）");
    expect(plan.meta).toMatchObject({ docNumber: null, issuer: null, issueDate: null });
  });

  it("extracts targets from section bodies", () => {
    expect(plan.parts[1]?.sections.map((s) => s.targets.map((t) => t.text))).toEqual([["90分钟内"], ["5天"]]);
  });
});

describe("第一部分 parts", () => {
  it("reads 第一部分 as a whole part marker", () => {
    const { plan } = parseText("上海市某区行动方案\n第一部分 总体要求\n坚持问题导向。\n第二部分 重点任务\n1. 推进网办。");
    expect(plan.parts.map((p) => [p.number, p.heading, p.title])).toEqual([
      [1, "第一部分总体要求", "总体要求"],
      [2, "第二部分重点任务", "重点任务"],
    ]);
  });
});
