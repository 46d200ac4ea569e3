import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssistant } from "../../src/answer/assistant.ts";
import { loadConfig } from "../../src/config.ts";
import { buildIndex } from "../../src/index/store.ts";
import { donghuAssistant } from "../helpers/donghu.ts";

let d: Awaited<ReturnType<typeof donghuAssistant>>;
beforeAll(async () => {
  d = await donghuAssistant({ withFixtureCorpus: true });
});
afterAll(() => d.cleanup());

describe("the plan as a document, from its metadata", () => {
  it("names the document a plan replaces, citing the plan and the clause that says so", async () => {
    const a = await d.ask("东湖区这个若干措施废止了哪个文件？");
    expect(a.status).toBe("answered");
    expect(a.citations[0]!.id).toBe("donghu-2024:plan");
    expect(a.answer).toContain("《东湖区支持民营经济发展的若干措施》");
  });

  it("gives the period with whether the plan is in force, in Traditional script when asked so", async () => {
    const a = await d.ask("東湖區的措施還有沒有效？");
    expect(a.status).toBe("answered");
    expect(a.answer).toContain("2026年4月30日");
    expect(a.answer).toMatch(/有效期內|已過有效期/);
  });

  it("refuses a replaced document or a period the plan does not state, never inventing one", async () => {
    const replaced = await d.ask("江湾区的方案废止了哪个文件？");
    expect(replaced.status).toBe("not_found");
    const period = await d.ask("安亭区的方案有效期到什么时候？");
    expect(period.status).toBe("not_found");
    expect(period.answer).toContain("没有写明有效期");
  });

  it("answers what a part covers with the part's outline and a citation of each of its clauses", async () => {
    const a = await d.ask("东湖区若干措施“降低经营成本”这一部分主要讲什么？");
    expect(a.status).toBe("answered");
    expect(a.citations[0]!.id).toBe("donghu-2024:plan");
    const clauses = a.citations.slice(1);
    expect(clauses.length).toBeGreaterThan(1);
    expect(clauses.every((c) => c.planId === "donghu-2024" && c.sectionPath[0]?.includes("降低经营成本"))).toBe(true);
    // The last part asked for is the last with content, not the appendix.
    const last = await d.ask("东湖区若干措施最后一部分讲什么？");
    expect(last.answer).toContain("鼓励创新发展");
  });

  it("names the plan's full title, citing the plan, and counts one part's measures when a part is asked", async () => {
    const title = await d.ask("东湖区这个措施的全称叫什么？");
    expect(title.status).toBe("answered");
    expect(title.citations[0]!.id).toBe("donghu-2024:plan");
    expect(title.answer).toContain("《东湖区关于进一步优化营商环境促进民营经济高质量发展的若干措施》");
    const whole = await d.ask("东湖区若干措施一共多少条？");
    const part = await d.ask("东湖区若干措施第一部分有多少条措施？");
    const total = Number(/共有(\d+)条/.exec(whole.answer)?.[1]);
    const inPart = Number(/部分“[^”]+”共有(\d+)条/.exec(part.answer)?.[1]);
    expect(inPart).toBeGreaterThan(0);
    expect(inPart).toBeLessThan(total);
  });

  it("counts a unit's measures, not the plan's, when the question names a unit", async () => {
    const a = await d.ask("东湖区财政局负责几条措施？");
    expect(a.citations.every((c) => c.kind !== "plan")).toBe(true);
  });
});

describe("a unit's list in every phrasing", () => {
  it("lists a unit only the plan names (not the alias table), by its name without 区 too", async () => {
    for (const q of ["东湖区金融服务中心负责哪些措施？", "东湖 金融服务中心 哪几条"]) {
      const a = await d.ask(q);
      expect(a.status).toBe("answered");
      expect(a.answer).toMatch(/区金融服务中心在《[^》]+》中负责2项/);
    }
  });

  it("reads spoken and keyword forms of 'what does unit X do' as the unit's list", async () => {
    for (const q of ["东湖区司法局牵头或者参与的任务都有哪些？", "东湖区司法局都负责些啥？", "东湖区司法局牵头的有哪几条"]) {
      const a = await d.ask(q);
      expect(a.answer).toMatch(/区司法局在《[^》]+》中负责\d+项/);
    }
  });
});

describe("a plan of a year the collection lacks", () => {
  it("says so, naming the plans it holds, instead of answering from another year's plan", async () => {
    const a = await d.ask("东湖区2025年新的营商环境方案出了没有？");
    expect(a.status).toBe("not_found");
    expect(a.answer).toContain("没有2025年的方案");
    expect(a.answer).toContain("《东湖区关于进一步优化营商环境促进民营经济高质量发展的若干措施》");
  });

  it("answers from the plan of the year asked for, and leaves a deadline year to retrieval", async () => {
    const count = await d.ask("东湖区2024年的若干措施有几条？");
    expect(count.citations[0]!.id).toBe("donghu-2024:plan");
    const due = await d.ask("东湖区2024年底前完成的措施有哪些？");
    expect(due.answer).not.toContain("没有2024年的方案");
  });
});

describe("document questions in a conversation", () => {
  it("answers 这个文件是哪天发的 from the plan, though the previous answer cited a measure", async () => {
    const history = [
      { role: "user" as const, content: "东湖区有什么租金减免？" },
      { role: "assistant" as const, content: "东湖区对入驻区属国有园区的初创企业前两年免收租金【donghu-2024:3】。" },
    ];
    const a = await d.ask("这个文件是哪天发的？", { history });
    expect(a.citations[0]!.id).toBe("donghu-2024:plan");
    expect(a.answer).toContain("2024年4月18日");
  });
});

describe("a part that follows up on the part before", () => {
  it("answers 什么时候开始？ from the clause the first part cited", async () => {
    const a = await d.ask("东湖区企业开办多久能办结？什么时候开始？");
    const [, second] = a.answer.split("\n\n2. ");
    expect(second).toContain("第8条");
    expect(second).toContain("2024年6月底前");
  });
});

describe("what a plan's closing says, where its metadata is silent", () => {
  const PLAN = [
    "白石区营商环境提升行动方案",
    "",
    "为落实《优化营商环境条例》，对标国内先进地区，制定本方案。",
    "",
    "一、主要任务",
    "",
    "1.推行证明事项告知承诺制，取消证明材料20项。",
    "",
    "2.推广电子营业执照在银行开户场景应用。",
    "",
    "二、保障措施",
    "",
    "各责任单位每季度末报送工作进展。",
    "",
    "本方案自印发之日起施行。原《白石区优化营商环境行动方案（2021—2023年)》同时废止。",
  ].join("\n");
  let dir: string;
  let ask: (q: string) => ReturnType<ReturnType<typeof createAssistant>["ask"]>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "closing-"));
    mkdirSync(join(dir, "corpus"));
    writeFileSync(join(dir, "corpus", "baishi-2024.txt"), PLAN);
    writeFileSync(join(dir, "corpus", "baishi-2024.meta.json"), JSON.stringify({ district: "白石区" }));
    const { index } = await buildIndex(loadConfig({ CORPUS_DIR: join(dir, "corpus"), DATA_DIR: join(dir, "data") }));
    const assistant = createAssistant(index);
    ask = (message) => assistant.ask({ message });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("names the document it repeals, quoting the title with matching brackets", async () => {
    const a = await ask("白石这个方案出台后，原来的哪个方案作废了？");
    expect(a.status).toBe("answered");
    expect(a.answer).toContain("《白石区优化营商环境行动方案（2021—2023年）》");
  });

  it("answers whether it has a field it does not state (有文号吗) with 'none stated', citing the plan", async () => {
    const a = await ask("白石区这个方案有文号吗？");
    expect(a.status).toBe("answered");
    expect(a.citations[0]!.id).toBe("baishi-2024:plan");
    expect(a.answer).toContain("没有写明文号");
    // Asked for the number itself, a plan that states none is still refused.
    expect((await ask("白石区方案的文号是什么？")).status).toBe("not_found");
  });

  it("answers how progress is reported from the clause that says so, cited before the plan", async () => {
    const a = await ask("白石各责任单位多久报一次工作进展？");
    expect(a.status).toBe("answered");
    expect(a.citations[0]!.id).not.toBe("baishi-2024:plan");
    expect(a.citations[0]!.text).toContain("每季度末报送工作进展");
  });

  it("quotes a start it gives in words, not only a date", async () => {
    const a = await ask("白石区方案什么时候开始施行？");
    expect(a.answer).toContain("自印发之日起施行");
  });

  it("says what it benchmarks against from its own prose", async () => {
    const a = await ask("白石区方案对标的是什么？");
    expect(a.answer).toContain("对标国内先进地区");
  });
});

describe("a plan's prose part, its basis and a closing paragraph its last measure carries", () => {
  const PLAN = [
    "青石区营商环境改进三年行动方案（2024—2026年）",
    "",
    "为持续优化营商环境，根据《江州市营商环境改进行动方案》，结合本区实际，制定本方案。列有多个责任单位的，排在第一位的为牵头单位。",
    "",
    "一、总体目标",
    "",
    "到2025年，青石区营商环境便利度进入全省前列，企业满意度达到90%以上。",
    "",
    "二、主要任务",
    "",
    "1.推行证明事项告知承诺制，取消证明材料20项。",
    "",
    "2.推广电子营业执照在银行开户场景应用。",
    "各责任单位要对照本方案，于每月5日前报送上月工作进展。",
    "",
    "本方案自2024年3月1日起施行，有效期至2026年12月31日。原《青石区优化营商环境若干措施》（青政发〔2021〕3号）同时废止。",
  ].join("\n");
  let dir: string;
  let ask: (q: string) => ReturnType<ReturnType<typeof createAssistant>["ask"]>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "prose-part-"));
    mkdirSync(join(dir, "corpus"));
    writeFileSync(join(dir, "corpus", "qingshi-2024.txt"), PLAN);
    writeFileSync(
      join(dir, "corpus", "qingshi-2024.meta.json"),
      JSON.stringify({
        district: "青石区",
        title: "青石区营商环境改进三年行动方案（2024—2026年）",
        issueDate: "2024-02-20",
        publishedDate: "2024-02-26",
      }),
    );
    const { index } = await buildIndex(loadConfig({ CORPUS_DIR: join(dir, "corpus"), DATA_DIR: join(dir, "data") }));
    const assistant = createAssistant(index);
    ask = (message) => assistant.ask({ message });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("cites a part of prose alone (the overall goal) by its own chunk first, in English too", async () => {
    for (const q of ["青石区方案第一部分讲什么？", "What is the overall goal of the Qingshi plan?"]) {
      const a = await ask(q);
      expect(a.status).toBe("answered");
      expect(a.citations[0]!.text).toContain("便利度进入全省前列");
      expect(a.citations.map((c) => c.id)).toContain("qingshi-2024:plan");
    }
  });

  it("names the document it implements, asked in English words of its own", async () => {
    const a = await ask("What higher-level document is the Qingshi plan drafted under?");
    expect(a.status).toBe("answered");
    expect(a.answer).toContain("江州市营商环境改进行动方案");
  });

  it("quotes the plan's own words on validity (its end date)", async () => {
    for (const q of ["青石区方案有效期到哪天？", "How long is the Qingshi plan valid?"]) {
      const a = await ask(q);
      expect(a.status).toBe("answered");
      expect(a.answer).toContain("有效期至2026年12月31日");
    }
  });

  it("answers every aspect an English question joins (doc number and issue date; when it takes effect and until when)", async () => {
    const a = await ask("Qingshi plan: when does it take effect and until when is it valid?");
    expect(a.answer).toContain("2024年3月1日");
    expect(a.answer).toContain("2026年12月31日");
  });

  it("names what it repeals with the 文号 the plan writes after its title", async () => {
    const a = await ask("青石区方案出台后废止了哪个文件？");
    expect(a.answer).toContain("《青石区优化营商环境若干措施》（青政发〔2021〕3号）");
  });

  it("gives the date it was published beside the date it was signed, where they differ", async () => {
    const zh = await ask("青石区方案的成文日期和发布日期分别是哪天？");
    expect(zh.answer).toContain("2024年2月20日");
    expect(zh.answer).toContain("2024年2月26日");
    const en = await ask("When was the Qingshi plan signed, and was it published on the same day?");
    expect(en.answer).toContain("2024-02-26");
  });

  it("answers which of several listed units leads from the plan's own note, citing where it says so", async () => {
    for (const q of [
      "青石那个方案一条写了好几个单位，哪个算牵头的？",
      "In the Qingshi plan, which office is the lead when several are listed?",
    ]) {
      const a = await ask(q);
      expect(a.status).toBe("answered");
      expect(a.answer).toContain("排在第一位的为牵头单位");
      expect(a.citations[0]!.id).toBe("qingshi-2024:intro");
    }
  });

  it("answers how progress is reported from the measure that carries the closing paragraph", async () => {
    const a = await ask("青石各责任单位每月几号前要报送进展？");
    expect(a.status).toBe("answered");
    expect(a.citations[0]!.text).toContain("每月5日前");
  });
});

describe("a plan that states no effective date", () => {
  const BODY = "一、主要任务\n\n1.推行证明事项告知承诺制，取消证明材料20项。\n\n2.推广电子营业执照在银行开户场景应用。";
  let dir: string;
  let ask: (q: string) => ReturnType<ReturnType<typeof createAssistant>["ask"]>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "no-effective-"));
    mkdirSync(join(dir, "corpus"));
    writeFileSync(join(dir, "corpus", "heishi-2024.txt"), `黑石区营商环境提升行动方案\n\n${BODY}\n\n黑石区人民政府\n\n2024年2月1日`);
    writeFileSync(join(dir, "corpus", "baiyun-2024.txt"), `白云区营商环境提升行动方案\n\n${BODY}`);
    const { index } = await buildIndex(loadConfig({ CORPUS_DIR: join(dir, "corpus"), DATA_DIR: join(dir, "data") }));
    const assistant = createAssistant(index);
    ask = (message) => assistant.ask({ message });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("says so with the day it was issued, citing the plan, and refuses when it gives no date at all", async () => {
    const zh = await ask("黑石区方案什么时候开始施行？");
    expect(zh.status).toBe("answered");
    expect(zh.citations[0]!.id).toBe("heishi-2024:plan");
    expect(zh.answer).toContain("没有写明施行日期；方案于2024年2月1日印发");
    const en = await ask("When does the Heishi plan take effect?");
    expect(en.answer).toContain("states no effective date; it was issued on");
    expect((await ask("白云区方案什么时候开始施行？")).status).toBe("not_found");
  });
});
