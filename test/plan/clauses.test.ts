import { describe, expect, it } from "vitest";
import { Clause } from "../../src/plan/schema.ts";
import { byId, parseFixture, parseText } from "../ingest/helpers.ts";

const ids = (clauses: { id: string }[]) => clauses.map((c) => c.id);

describe("planClauses citation ids", () => {
  it("numbers measures through the plan as <planId>:<n>", () => {
    const { clauses } = parseFixture("lead-2022", "jiading-2022");
    expect(ids(clauses)).toEqual(["jiading-2022:intro", ...[1, 2, 3, 4, 5].map((n) => `jiading-2022:${n}`)]);
    expect(byId(clauses, "jiading-2022:3")).toMatchObject({ kind: "measure", measure: 3, sectionPath: ["二、强化要素保障"] });
  });

  it("scopes ids as <planId>:<part>.<section>.<n> when numbers restart per section", () => {
    const { clauses } = parseFixture("paren-2023", "changning-2023");
    expect(ids(clauses)).toEqual([
      "changning-2023:intro",
      "changning-2023:1.1.1",
      "changning-2023:1.1.2",
      "changning-2023:1.2.1",
      "changning-2023:1.2.2",
      "changning-2023:2.1.1",
      "changning-2023:2.1.2",
    ]);
    expect(byId(clauses, "changning-2023:2.1.2")).toMatchObject({ measure: 2, sectionPath: ["二、加强要素支撑", "（一）融资服务"] });
  });

  it("cites articles by their number", () => {
    const { clauses } = parseFixture("article-2024", "yangpu-2024");
    expect(ids(clauses)).toEqual([1, 2, 3, 4, 5].map((n) => `yangpu-2024:${n}`));
  });

  it("cites sections, a part without sections, the intro and the closing in a plan without measures", () => {
    const { clauses } = parseFixture("sections-2022", "jingan-2022");
    expect(clauses.map((c) => [c.id, c.kind])).toEqual([
      ["jingan-2022:intro", "intro"],
      ["jingan-2022:1", "part"],
      ["jingan-2022:2", "part"],
      ["jingan-2022:2.1", "section"],
      ["jingan-2022:2.2", "section"],
      ["jingan-2022:3.1", "section"],
      ["jingan-2022:3.2", "section"],
      ["jingan-2022:closing", "closing"],
    ]);
    expect(byId(clauses, "jingan-2022:2.2").sectionPath).toEqual(["二、重点任务", "（二）纳税服务"]);
    expect(byId(clauses, "jingan-2022:closing").sectionPath).toEqual(["施行"]);
    // Part 二's own text before its sections is its lead-in; a part or section that is all body is not one.
    expect(clauses.filter((c) => c.leadIn).map((c) => c.id)).toEqual(["jingan-2022:2"]);
    expect(byId(clauses, "jingan-2022:2").text).toBe("围绕企业全生命周期，推出一批改革举措。");
  });

  it("cites a section's lead-in before its measures, unless it only says that measures follow", () => {
    const raw = [
      "上海市某区行动方案",
      "一、优化服务",
      "（一）简化企业开办",
      "对标浦东“一业一证”改革举措，深化企业开办便利化。具体措施：",
      "1.推进网办。（责任单位：区市场监管局）",
      "（二）优化纳税",
      "具体措施：",
      "2.推广电子发票。（责任单位：区税务局）",
    ].join("\n");
    const { clauses } = parseText(raw);
    expect(clauses.map((c) => [c.id, c.kind, c.leadIn ?? false])).toEqual([
      ["test-2024:1.1", "section", true],
      ["test-2024:1", "measure", false],
      ["test-2024:2", "measure", false],
    ]);
    expect(byId(clauses, "test-2024:1.1").text).toContain("一业一证");
  });

  it("uses top-level （一） headings as parts in a plan without 一、 parts", () => {
    const raw = "上海市某区行动计划\n（一）企业开办\n（1）推进网办。\n（2）压缩时限。\n（二）纳税\n（1）推广电子发票。";
    expect(ids(parseText(raw).clauses)).toEqual(["test-2024:1.1", "test-2024:1.2", "test-2024:2.1"]);
  });

  it("produces unique ids and schema-valid clauses for every fixture", () => {
    const fixtures = [
      ["lead-2022", "jiading-2022"],
      ["paren-2023", "changning-2023"],
      ["article-2024", "yangpu-2024"],
      ["sections-2022", "jingan-2022"],
      ["damaged-2021", "hongkou-2021"],
    ];
    for (const [name, planId] of fixtures) {
      const { clauses } = parseFixture(name!, planId!);
      expect(new Set(ids(clauses)).size, name).toBe(clauses.length);
      for (const c of clauses) expect(Clause.safeParse(c).success, c.id).toBe(true);
    }
  });
});
