import { describe, expect, it } from "vitest";
import { allMeasures, byId, parseFixture, unitNames } from "./helpers.ts";

describe("a plan with PDF page-break damage (damaged-2021)", () => {
  const { plan, warnings, clauses } = parseFixture("damaged-2021", "hongkou-2021");
  const units = (n: number) => unitNames(byId(clauses, `hongkou-2021:${n}`));

  it("keeps the long title, issuer and date apart and reads them as metadata", () => {
    expect(plan.meta).toMatchObject({
      title: "上海市虹口区全面优化营商环境提升市场主体满意度实施方案",
      issuer: "上海市虹口区人民政府办公室",
      docNumber: "沪虹府办发〔2021〕3号",
      issueDate: "2021-04-02",
    });
    expect(plan.intro?.text).toMatch(/^为深入贯彻落实.*办理登记注册，结合本区实际，制定本方案。$/);
  });

  it("finds all seven measures despite the damage, without warnings", () => {
    expect(allMeasures(plan).map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(plan.parts.flatMap((p) => p.sections.map((s) => s.title))).toEqual(["优化线上服务", "提升线下服务便利度", "完善纠纷解决机制"]);
    expect(warnings).toEqual([]);
  });

  it("reads half-width (责任单位: 区科委, 区府办) labels", () => {
    expect(units(1)).toEqual(["区科委", "区府办"]);
    expect(byId(clauses, "hongkou-2021:1").text).toContain("至少130项");
  });

  it("rejoins measures and unit names split by page breaks", () => {
    expect(byId(clauses, "hongkou-2021:2").text).toBe("加快完善政务服务地图。");
    expect(units(4)).toEqual(["区规划资源局", "区税务局", "区房管局"]);
    expect(units(5)).toEqual(["区法院"]);
    expect(units(6)).toEqual(["区司法局", "区财政局"]);
    expect(units(7)).toEqual(["区人社局"]);
  });

  it("keeps the section lead-in whole across the page number line", () => {
    const section = plan.parts[0]?.sections[1];
    expect(section?.body).toBe("推进综合窗口改革全覆盖，推行“前台综合受理、后台分类审批、窗口统一出件”，提升窗口服务水平。具体措施：");
  });

  it("leaves no label, doubled label, half-width bracket, page number or split word in any clause", () => {
    for (const c of clauses) {
      expect(c.text).not.toMatch(/责任单位|责责|- 2 -/);
      expect(c.text).not.toMatch(/[\u4e00-\u9fff][()]|[()][\u4e00-\u9fff]/);
      expect(c.text).not.toContain("\n");
    }
    expect(byId(clauses, "hongkou-2021:3").text).toContain("设立 RCEP 服务中心");
    expect(byId(clauses, "hongkou-2021:7").targets.map((t) => t.text)).toEqual(["1-2个", "90分钟内"]);
  });

  it("strips the two-issuer signature block and date from the last measure", () => {
    expect(byId(clauses, "hongkou-2021:7").text).toBe("在1-2个街镇设立劳动仲裁派出庭，90分钟内完成立案登记。");
    expect(plan.closing).toBeNull();
  });
});
