import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/ingest/corpus.ts";
import { parsePlan } from "../../src/ingest/parse.ts";
import { planClauses } from "../../src/plan/clauses.ts";
import { allMeasures, byId, CORPUS, unitNames } from "./helpers.ts";

const corpus = await loadCorpus(CORPUS);
const plan = (id: string) => corpus.plans.find((p) => p.meta.id === id)!;
const putuo = plan("putuo-2021");
const xuhui = plan("xuhui-2023");
const putuoClauses = planClauses(putuo);
const xuhuiClauses = planClauses(xuhui);

describe("seed corpus", () => {
  it("loads both plans without errors or warnings", () => {
    expect(corpus.errors).toEqual([]);
    expect(corpus.warnings).toEqual([]);
    expect(corpus.plans.map((p) => p.meta.id)).toEqual(["putuo-2021", "xuhui-2023"]);
  });

  it("has no label, doubled label, half-width bracket or newline-split word in any clause", () => {
    for (const c of [...putuoClauses, ...xuhuiClauses]) {
      expect(c.text, c.id).not.toMatch(/责任单位|牵头单位|责责/);
      expect(c.text, c.id).not.toMatch(/[\u4e00-\u9fff][()]|[()][\u4e00-\u9fff]/);
      // A line break may only end a paragraph, never cut a sentence.
      expect(c.text, c.id).not.toMatch(/[^。；：！？]\n/);
    }
  });

  it("gives every clause a span of the normalized text that contains its text", () => {
    for (const [p, clauses] of [
      [putuo, putuoClauses],
      [xuhui, xuhuiClauses],
    ] as const) {
      for (const c of clauses) expect(p.text.slice(c.span.start, c.span.end), c.id).toContain(c.text);
    }
  });
});

describe("putuo-2021", () => {
  const measures = allMeasures(putuo);
  const units = (n: number) => unitNames(byId(putuoClauses, `putuo-2021:${n}`));

  it("has exactly 100 measures numbered 1..100, each with units", () => {
    expect(measures.map((m) => m.number)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(measures.filter((m) => m.units.length === 0).map((m) => m.number)).toEqual([]);
    // Section （一）'s lead-in comes before its measures, under its own id (section 1 of part 1).
    expect(putuoClauses.map((c) => c.id).slice(0, 4)).toEqual(["putuo-2021:intro", "putuo-2021:1.1", "putuo-2021:1", "putuo-2021:2"]);
  });

  it("reads the exact unit lists of measures 1, 17, 30, 54, 79 and 100", () => {
    expect(units(1)).toEqual(["区府办", "区行政服务中心", "区市场监管局"]);
    expect(units(17)).toEqual(["区科委", "区府办", "区大数据中心", "区行政服务中心", "区市场监管局"]);
    expect(units(30)).toEqual(["区规划资源局", "区税务局", "区房管局"]);
    expect(units(54)).toEqual(["区法院"]);
    expect(units(79)).toEqual(["区投促办", "各街镇", "各相关单位"]);
    expect(units(100)).toEqual(["区发改委", "区投促办"]);
  });

  it("repairs the page breaks in measures 3, 30, 54 and 85", () => {
    expect(byId(putuoClauses, "putuo-2021:3").text).toContain("开展用户精准画像");
    expect(byId(putuoClauses, "putuo-2021:30").text).toBe(
      "优化房地产登记、交易、税务业务联办，落实市相关部门统一部署，不断提升房地产交易税收环境。",
    );
    expect(byId(putuoClauses, "putuo-2021:54").text).toMatch(/缩短文书撰写时长。$/);
    expect(byId(putuoClauses, "putuo-2021:85").text).toBe("完善疫情防控常态化情况下区重点外资企业境外来沪人员便利化服务。");
    expect(byId(putuoClauses, "putuo-2021:7").text).toContain("至少130项");
  });

  it("records each measure's source line", () => {
    expect([1, 54, 100].map((n) => measures[n - 1]?.line)).toEqual([28, 175, 305]);
  });

  it("extracts the targets as written", () => {
    const targets = (n: number) => byId(putuoClauses, `putuo-2021:${n}`).targets.map((t) => t.text);
    expect(targets(1)).toEqual(["95%以上"]);
    expect(targets(32)).toEqual(["90分钟"]);
    expect(targets(59)).toEqual(["1-2个"]);
    expect(targets(63)).toEqual(["一个月内", "100%"]);
    expect(targets(86)).toEqual(["5天", "5天"]);
  });

  it("reads the metadata from the text alone (the sidecar only adds the English title)", () => {
    const raw = readFileSync(join(CORPUS, "putuo-2021.txt"), "utf8");
    const { meta } = parsePlan({ planId: "putuo-2021", file: "putuo-2021.txt", raw }).plan;
    expect(meta).toMatchObject({
      title: "普陀区深化推进一流营商环境建设行动方案",
      district: "普陀区",
      districtEn: "Putuo District",
      city: "上海市",
      issuer: "中共上海市普陀区委办公室、上海市普陀区人民政府办公室",
      docNumber: "普委办发〔2021〕12号",
      issueDate: "2021-03-05",
      basis: ["上海市优化营商环境条例", "上海市加强改革系统集成持续深化国际一流营商环境建设行动方案"],
    });
    expect(JSON.parse(readFileSync(join(CORPUS, "putuo-2021.meta.json"), "utf8"))).toEqual({ titleEn: expect.any(String) });
    expect(putuo.meta.titleEn).toMatch(/^Putuo District Action Plan/);
  });
});

describe("xuhui-2023", () => {
  it("has intro, part 1, 25 sections and the closing as its clauses", () => {
    const sections = [
      [2, 10],
      [3, 6],
      [4, 5],
      [5, 4],
    ].flatMap(([p, n]) => Array.from({ length: n! }, (_, i) => `xuhui-2023:${p}.${i + 1}`));
    expect(sections).toHaveLength(25);
    // Parts 二–四 open with a lead-in of their own (对标世界银行…十大领域), cited as the part.
    const withLeadIns = sections.flatMap((id) => (id.endsWith(".1") && id !== "xuhui-2023:5.1" ? [id.slice(0, -2), id] : [id]));
    expect(xuhuiClauses.map((c) => c.id)).toEqual(["xuhui-2023:intro", "xuhui-2023:1", ...withLeadIns, "xuhui-2023:closing"]);
    expect(xuhuiClauses.filter((c) => c.leadIn).map((c) => [c.id, c.kind])).toEqual([
      ["xuhui-2023:2", "part"],
      ["xuhui-2023:3", "part"],
      ["xuhui-2023:4", "part"],
    ]);
    expect(xuhuiClauses.find((c) => c.id === "xuhui-2023:2")!.text).toContain("十大领域");
    expect(xuhuiClauses.every((c) => c.units.length === 0)).toBe(true);
  });

  it("rejoins page-split words and keeps Latin words spaced", () => {
    expect(byId(xuhuiClauses, "xuhui-2023:2.1").text).toContain("办理登记注册。");
    expect(byId(xuhuiClauses, "xuhui-2023:2.6").text).toContain("推进设立 RCEP 服务中心");
    expect(byId(xuhuiClauses, "xuhui-2023:2.9").text).toContain("示范站（点）");
    expect(byId(xuhuiClauses, "xuhui-2023:closing").text).toBe("本行动方案自2023年4月3日起施行。");
  });

  it("reads the effective date from the closing sentence without a sidecar", () => {
    const raw = readFileSync(join(CORPUS, "xuhui-2023.txt"), "utf8");
    const { meta } = parsePlan({ planId: "xuhui-2023", file: "xuhui-2023.txt", raw }).plan;
    expect(meta).toMatchObject({
      district: "徐汇区",
      districtEn: "Xuhui District",
      city: "上海市",
      effectiveDate: "2023-04-03",
      docNumber: null,
      issuer: null,
    });
  });
});
