import { describe, expect, it } from "vitest";
import { canonicalPunctuation, normalizeText, tidySpaces } from "../../src/ingest/normalize.ts";

const norm = (raw: string) => normalizeText(raw).text;

describe("normalizeText: page-break repairs", () => {
  it("rejoins a word split by a page break in a long paragraph", () => {
    const raw = "全面拓展市场主体设立、变更、注销全程电子化登记覆盖范围，引导市场主体通过全程网办方式办理登记\n\n注册。";
    expect(norm(raw)).toBe("全面拓展市场主体设立、变更、注销全程电子化登记覆盖范围，引导市场主体通过全程网办方式办理登记注册。");
  });

  it("rejoins a short measure fragment cut before the page break", () => {
    expect(norm("一、总体\n\n2. 加快完善政务\n\n服务地图。（责任单位：区府办）")).toBe(
      "一、总体\n2. 加快完善政务服务地图。（责任单位：区府办）",
    );
  });

  it("rejoins a unit name split inside a label bracket", () => {
    expect(norm("30. 优化联办。（责任单位：区规\n\n划资源局、区税务局、区房管局)")).toBe(
      "30. 优化联办。（责任单位：区规划资源局、区税务局、区房管局）",
    );
  });

  it("rejoins a label cut right after its colon", () => {
    expect(norm("7. 设立派出庭。（责任单位：\n\n区人社局）")).toBe("7. 设立派出庭。（责任单位：区人社局）");
  });

  it("drops a label fragment printed again after the page break", () => {
    expect(norm("54. 缩短文书撰写时长。（责\n\n责任单位：区法院)")).toBe("54. 缩短文书撰写时长。（责任单位：区法院）");
    expect(norm("54. 缩短时长。（\n\n（责任单位：区法院）")).toBe("54. 缩短时长。（责任单位：区法院）");
  });

  it("rejoins an own-line unit label cut inside a unit name, but not a complete one", () => {
    expect(norm("6. 推动入驻。\n责任单位：区司法局、区财\n\n政局")).toBe("6. 推动入驻。\n责任单位：区司法局、区财政局");
    expect(norm("6. 推动入驻。\n责任单位：区司法局\n\n本方案自2023年1月1日起施行。")).toBe(
      "6. 推动入驻。\n责任单位：区司法局\n本方案自2023年1月1日起施行。",
    );
  });

  it("rejoins a body paragraph cut right after a mid-sentence bracket", () => {
    expect(norm("一、总体\n\n40. 依托中以（上海）\n\n创新园，提供服务。")).toBe("一、总体\n40. 依托中以（上海）创新园，提供服务。");
  });

  it("drops page numbers and form feeds between the fragments of a paragraph", () => {
    expect(norm("一、总体\n\n3. 开展用\n\n- 3 -\n\n户精准画像。")).toBe("一、总体\n3. 开展用户精准画像。");
    expect(norm("一、总体\n\n3. 开展用\n\f户精准画像。\n第 4 页")).toBe("一、总体\n3. 开展用户精准画像。");
  });

  it("keeps headings, titles, issuers, dates and closings on their own lines", () => {
    const raw = [
      "沪虹府办发〔2021〕3号",
      "上海市虹口区全面优化营商环境提升市场主体满意度实施方案",
      "为深入贯彻落实市委、市政府关于优化营商环境的部署要求",
      "，制定本方案。",
      "（一）市场准入退出",
      "全面拓展登记覆盖范围。",
      "上海市虹口区人民政府办公室　上海市虹口区司法局",
      "2021年4月2日印发",
    ].join("\n\n");
    expect(norm(raw).split("\n")).toEqual([
      "沪虹府办发〔2021〕3号",
      "上海市虹口区全面优化营商环境提升市场主体满意度实施方案",
      "为深入贯彻落实市委、市政府关于优化营商环境的部署要求，制定本方案。",
      "（一）市场准入退出",
      "全面拓展登记覆盖范围。",
      "上海市虹口区人民政府办公室",
      "上海市虹口区司法局",
      "2021年4月2日印发",
    ]);
  });

  it("never glues the closing sentence to an unfinished line before it", () => {
    expect(norm("一、总体\n\n1. 推进服务\n\n本方案自2023年1月1日起施行。")).toBe("一、总体\n1. 推进服务\n本方案自2023年1月1日起施行。");
  });

  it("maps every output line to the source line where it starts", () => {
    const { sourceLines } = normalizeText(
      "\n标题行动方案\n\n一、总体\n\n1. 加强系统集成，推进区级政务服务事项网上办理能力，提升用\n\n户体验。\n- 2 -\n2. 推广电子签章。",
    );
    expect(sourceLines).toEqual([2, 4, 6, 10]);
  });
});

describe("normalizeText: width and spacing", () => {
  it("makes brackets, colons and commas full-width in Chinese context", () => {
    expect(norm("(九) 加强知识产权保护")).toBe("（九）加强知识产权保护");
    expect(norm("(责任单位: 区科委, 区府办)")).toBe("（责任单位：区科委，区府办）");
    expect(norm("积极推进示范站(点)培育建设")).toBe("积极推进示范站（点）培育建设");
  });

  it("keeps full-width measure brackets full-width after width folding", () => {
    expect(norm("（1）推进企业开办。")).toBe("（1）推进企业开办。");
    expect(norm("(1) 推进企业开办。")).toBe("（1）推进企业开办。");
  });

  it("leaves punctuation between digits and Latin words half-width", () => {
    expect(canonicalPunctuation("服务时间9:00-17:00，覆盖1,000家")).toBe("服务时间9:00-17:00，覆盖1,000家");
    expect(canonicalPunctuation("see (RCEP) rules")).toBe("see (RCEP) rules");
  });

  it("folds full-width letters, digits and PDF Kangxi radicals but keeps ①, …… and ㎡", () => {
    expect(norm("推出１３０项ＲＣＥＰ事项，⼀网通办")).toBe("推出130项RCEP事项，一网通办");
    expect(norm("①推进登记……②优化500㎡以下项目")).toBe("①推进登记……②优化500㎡以下项目");
  });

  it("drops spaces between Chinese characters and digits but keeps them around Latin words", () => {
    expect(tidySpaces("扩大至少 130 项公共服务")).toBe("扩大至少130项公共服务");
    expect(tidySpaces("本行动方案自 2023 年 4 月 3 日起施行。")).toBe("本行动方案自2023年4月3日起施行。");
    expect(tidySpaces("推进设立 RCEP 服务中心，落实岗位 AB 角")).toBe("推进设立 RCEP 服务中心，落实岗位 AB 角");
    expect(tidySpaces("应对 COVID-19 疫情")).toBe("应对 COVID-19 疫情");
    expect(tidySpaces("营商 环境 达到 95% 以上")).toBe("营商环境达到95%以上");
  });

  it("handles CRLF line endings and a byte-order mark", () => {
    expect(norm("\uFEFF一、总体\r\n\r\n1. 加强系统集成，推进区级政务服务事项网上办理能力提升用\r\n\r\n户体验。")).toBe(
      "一、总体\n1. 加强系统集成，推进区级政务服务事项网上办理能力提升用户体验。",
    );
  });
});
