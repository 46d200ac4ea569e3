import { describe, expect, it } from "vitest";
import { normalizeText } from "../../src/ingest/normalize.ts";
import { canonicalUnit, isUnitLine, responsibleUnits, unitFamily, unitsByFamily, unitsInText } from "../../src/ingest/units.ts";
import { roles, unitNames } from "./helpers.ts";

describe("responsibleUnits", () => {
  it("splits a trailing label group off the text, keeping lead and support roles", () => {
    const { text, units } = responsibleUnits("推行企业开办“一窗通”。（牵头单位：区发改委；配合单位：区财政局、区税务局）");
    expect(text).toBe("推行企业开办“一窗通”。");
    expect(roles({ units })).toEqual(["区发改委:lead", "区财政局:support", "区税务局:support"]);
  });

  it.each([
    ["责任单位", "responsible"],
    ["责任部门", "responsible"],
    ["主责单位", "responsible"],
    ["牵头单位", "lead"],
    ["牵头部门", "lead"],
    ["配合单位", "support"],
    ["配合部门", "support"],
    ["协办单位", "support"],
  ])("reads the label %s as role %s", (label, role) => {
    expect(responsibleUnits(`加强服务。（${label}：区府办）`).units).toEqual([
      { name: "区府办", nameEn: "District Government Office", role },
    ]);
  });

  it("keeps official names as written, with the short name as canonical and its English name", () => {
    const { units } = responsibleUnits("（责任单位：区科学技术委员会、区人民法院、区规划和自然资源局）");
    expect(units.map((u) => [u.name, u.canonical ?? null, u.nameEn])).toEqual([
      ["区科学技术委员会", "区科委", "District Science and Technology Commission"],
      ["区人民法院", "区法院", "District People's Court"],
      ["区规划和自然资源局", "区规划资源局", "District Planning and Natural Resources Bureau"],
    ]);
    expect(canonicalUnit("区某某新设办公室")).toEqual({ name: "区某某新设办公室", nameEn: null });
  });

  it("splits unit lists on 、，,；; and reads half-width labels once normalized", () => {
    expect(unitNames(responsibleUnits("（责任单位：区府办，区科委；区税务局;区法院,区司法局）"))).toEqual([
      "区府办",
      "区科委",
      "区税务局",
      "区法院",
      "区司法局",
    ]);
    const line = normalizeText("落实服务。(责任单位: 区科委, 区府办)").text;
    expect(responsibleUnits(line)).toMatchObject({ text: "落实服务。", units: [{ name: "区科委" }, { name: "区府办" }] });
  });

  it("keeps a unit name that carries its own bracket", () => {
    expect(unitNames(responsibleUnits("（配合单位：区商务委、各街道（镇））"))).toEqual(["区商务委", "各街道（镇）"]);
    expect(responsibleUnits("（责任单位：区投促办、各街道、镇）").units.map((u) => [u.name, u.canonical ?? null])).toEqual([
      ["区投促办", null],
      ["各街道、镇", "各街镇"],
    ]);
  });

  it("reads a label group followed by a stray sentence end", () => {
    expect(responsibleUnits("做好安商稳商。（责任单位：区投促办）。")).toMatchObject({
      text: "做好安商稳商。",
      units: [{ name: "区投促办" }],
    });
    expect(unitNames(responsibleUnits("责任单位：区商务委。"))).toEqual(["区商务委"]);
  });

  it("does not take a label word inside the sentence for the group", () => {
    const { text, units } = responsibleUnits("明确牵头单位：由区发改委统筹推进。（责任单位：区府办）");
    expect(text).toBe("明确牵头单位：由区发改委统筹推进。");
    expect(unitNames({ units })).toEqual(["区府办"]);
  });

  it("leaves a clause without a label untouched with no units", () => {
    expect(responsibleUnits("依托中以（上海）创新园，提供服务。")).toEqual({ text: "依托中以（上海）创新园，提供服务。", units: [] });
  });
});

describe("aliases within their own district only", () => {
  const linjiang = { district: "临江区", city: null };

  it("never renames another district's office, nor gives it a canonical or English name", () => {
    const { units } = responsibleUnits("（牵头单位：区发展改革委；配合单位：区政务服务中心、区府办）", linjiang);
    expect(units).toEqual([
      { name: "区发展改革委", nameEn: null, role: "lead" },
      { name: "区政务服务中心", nameEn: null, role: "support" },
      { name: "区府办", nameEn: null, role: "support" },
    ]);
  });

  it("applies them to a Shanghai district's plan", () => {
    const { units } = responsibleUnits("（责任单位：区发展改革委）", { district: "嘉定区", city: null });
    expect(units).toEqual([
      { name: "区发展改革委", canonical: "区发改委", nameEn: "District Development and Reform Commission", role: "responsible" },
    ]);
  });
});

describe("unitsInText", () => {
  const scope = { district: "东湖区", city: null };
  const roleList = (text: string) => unitsInText(text, scope).map((u) => `${u.name}:${u.role}`);

  it.each([
    ["设立纾困基金。由区金融服务中心牵头，区财政局、区国资委配合。", ["区金融服务中心:lead", "区财政局:support", "区国资委:support"]],
    ["最高减免100万元（区国资委负责）。", ["区国资委:responsible"]],
    ["区财政给予补贴。区财政局负责落实。", ["区财政局:responsible"]],
    ["给予奖励。由区交通运输局负责。", ["区交通运输局:responsible"]],
    ["推进改革，责任单位：区市场监管局、区司法局。", ["区市场监管局:responsible", "区司法局:responsible"]],
  ])("reads %s", (text, expected) => {
    expect(roleList(text)).toEqual(expected);
  });

  it("does not take 负责解释 or a non-unit for a unit", () => {
    expect(roleList("本措施由区发展改革局负责解释。")).toEqual([]);
    expect(roleList("企业对申报材料的真实性负责。")).toEqual([]);
    expect(roleList("由企业自主选择牵头，高校配合。")).toEqual([]);
  });
});

describe("isUnitLine", () => {
  it("accepts a line that is only a label group, with or without brackets", () => {
    expect(isUnitLine("责任单位：区商务委")).toBe(true);
    expect(isUnitLine("（牵头单位：区金融办；配合单位：区财政局）")).toBe(true);
  });

  it("rejects a sentence that ends with a label group", () => {
    expect(isUnitLine("提高融资成功率。（责任单位：区金融办）")).toBe(false);
  });
});

describe("unit name families", () => {
  const written = [
    "区商务局",
    "区发展和改革局",
    "区自然资源和规划局",
    "区人力资源社会保障局",
    "区金融服务中心",
    "区住房城乡建设局",
    "区司法局",
  ];

  it("matches a short or differently headed name to the name a plan writes", () => {
    expect(unitFamily("区商务委", written)).toEqual(["区商务局"]);
    expect(unitFamily("区发改委", written)).toEqual(["区发展和改革局"]);
    expect(unitFamily("区金融办", written)).toEqual(["区金融服务中心"]);
    expect(unitFamily("区规划资源局", written)).toEqual(["区自然资源和规划局"]);
    expect(unitFamily("区人社局", written)).toEqual(["区人力资源社会保障局"]);
  });

  it("does not match units that only share a common character or are not units", () => {
    expect(unitFamily("区行政服务中心", ["区政务服务中心"])).toEqual([]);
    expect(unitFamily("区市场监管局", ["区住房保障和房屋管理局"])).toEqual([]);
    expect(unitFamily("营商环境", written)).toEqual([]);
  });

  it("finds a unit a question writes in its own short form", () => {
    expect(unitsByFamily("南湖区住建局负责哪几项工作", written)).toEqual(["区住房城乡建设局"]);
    expect(unitsByFamily("滨河发改局负责什么", written)).toEqual(["区发展和改革局"]);
    expect(unitsByFamily("开办企业要多久，怎么办理", written)).toEqual([]);
  });

  it("finds a unit named by an abbreviation alone where it sits (住建那边, 发改部门), not by a topic word", () => {
    expect(unitsByFamily("住建那边今年有什么安排", written)).toEqual(["区住房城乡建设局"]);
    expect(unitsByFamily("发改部门牵头的有几条", written)).toEqual(["区发展和改革局"]);
    // 企业那边 names no unit; the full words of a unit (税务那边) may be a topic's side as much as the bureau.
    expect(unitsByFamily("企业那边要准备什么材料", written)).toEqual([]);
    expect(unitsByFamily("税务那边要先注销吗", [...written, "区税务局"])).toEqual([]);
  });
});
