import { describe, expect, it } from "vitest";
import { documentFollowup, documentQuestion } from "../../src/understand/document.ts";

const NAMES = [
  "青山区2024年优化营商环境重点任务清单",
  "东湖区关于进一步优化营商环境促进民营经济高质量发展的若干措施",
  "青山区",
  "青山",
  "东湖区",
  "东湖",
  "Qingshan District",
  "Qingshan",
];
const aspects = (q: string, lang: "zh" | "en" = "zh") => documentQuestion(q, lang, NAMES)?.aspects ?? null;

describe("questions about the plan as a document", () => {
  it("reads a plan named by part of its title as the document", () => {
    expect(aspects("青山区那个重点任务清单是谁发的？")).toEqual(["issuer"]);
    expect(aspects("Which bodies issued the Qingshan plan?", "en")).toEqual(["issuer"]);
    expect(aspects("Which departments put out the Qingshan list?", "en")).toEqual(["issuer"]);
    expect(aspects("东湖区促进民营经济高质量发展若干措施的文号是什么？")).toEqual(["docNumber"]);
  });

  it("reads owners' words for dates, validity, counts and parts", () => {
    expect(aspects("这个文件啥时候出的")).toEqual(["issueDate"]);
    expect(aspects("东湖的措施还有没有效")).toEqual(["validity"]);
    expect(aspects("青山区的清单一共几条")).toEqual(["count"]);
    expect(documentQuestion("第二部分讲啥", "zh", NAMES)).toEqual({ aspects: ["part"], part: 2 });
  });

  it("reads what a plan replaces and what it is based on, in English too", () => {
    expect(aspects("东湖区这个措施废止了哪个文件？")).toEqual(["supersedes"]);
    expect(aspects("What did Qingshan's new plan replace?", "en")).toEqual(["supersedes"]);
    expect(aspects("Does the Qingshan plan replace the previous plan?", "en")).toEqual(["supersedes"]);
    // Something a clause lets one thing replace (a credit report for certificates) is no document replaced.
    expect(aspects("Can a credit report replace the certificates of no violation in Qingshan? In how many fields?", "en")).toBeNull();
    expect(aspects("Can an e-seal replace a physical seal in Qingshan?", "en")).toBeNull();
    expect(aspects("Which city-level document is the Qingshan plan based on?", "en")).toEqual(["basis"]);
    expect(aspects("Is Qingshan's plan still in force, and when does it end?", "en")).toEqual(["validity"]);
    expect(documentQuestion("What is the second part of the Qingshan plan about?", "en", NAMES)?.part).toBe(2);
  });

  it("reads a part named by its title, the last part, and the plan's benchmark", () => {
    const titles = ["降低经营成本", "保护合法权益", "市场准入"];
    const q = (text: string) => documentQuestion(text, "zh", NAMES, titles);
    expect(q("东湖区“降低经营成本”这一部分主要讲什么？")).toEqual({ aspects: ["part"], partTitle: "降低经营成本" });
    expect(q("东湖 保护合法权益 这部分包括哪些内容")?.partTitle).toBe("保护合法权益");
    expect(q("东湖区措施最后的工作要求有哪几条")).toMatchObject({ aspects: ["part"], last: true });
    expect(q("青山区清单对标的是什么评价指标体系？")?.aspects).toEqual(["benchmark"]);
    // A title used as a topic, with no word for a part and no quotes, is about the content.
    expect(q("青山区市场准入方面有什么便利措施")).toBeNull();
    expect(q("东湖区降低经营成本有哪些租金减免")).toBeNull();
  });

  it("reads chapters, 作废, and English outline questions; leaves 几个领域 with a topic to retrieval", () => {
    expect(aspects("东湖区若干措施一共几章，分别是什么？")).toEqual(["parts"]);
    expect(aspects("青山区这个清单出台后，原来的哪个方案作废了？")).toEqual(["supersedes"]);
    expect(aspects("What are the three main parts of the Qingshan plan?", "en")).toEqual(["parts"]);
    expect(aspects("How many reform tasks are in Qingshan's list, and how is it organized?", "en")).toEqual(["count", "parts"]);
    expect(documentQuestion("青山 裁量基准 几个领域", "zh", NAMES)).toBeNull();
  });

  it("reads progress reporting and supervision of the plan itself, not reports a measure asks of companies", () => {
    expect(aspects("青山区各单位每个月几号之前要报送进展？")).toEqual(["reporting"]);
    expect(aspects("Who supervises whether the Qingshan plan is actually being implemented?", "en")).toEqual(["reporting"]);
    expect(aspects("青山区企业年报怎么报送？")).toBeNull();
  });

  it("reads the plan's name, the collection, and other words for dates, issuers, periods and parts", () => {
    expect(aspects("东湖的措施全称叫什么")).toEqual(["title"]);
    expect(aspects("青山区清单的标题是什么")).toEqual(["title"]);
    expect(aspects("你们收录了哪些方案")).toEqual(["title"]);
    expect(aspects("What is the official title of the Qingshan document?", "en")).toEqual(["title"]);
    expect(aspects("What's the name of Qingshan's plan?", "en")).toEqual(["title"]);
    expect(aspects("Which plans do you cover?", "en")).toEqual(["title"]);
    expect(aspects("青山清单的成文日期")).toEqual(["issueDate"]);
    expect(aspects("这两个文件分别是哪年的")).toEqual(["issueDate"]);
    expect(aspects("青山这个文件落款是哪个部门")).toEqual(["issuer"]);
    expect(aspects("东湖措施哪天起执行")).toEqual(["effectiveDate"]);
    expect(aspects("东湖措施管到哪年")).toEqual(["validity"]);
    expect(aspects("Qingshan plan: period of implementation?", "en")).toEqual(["validity"]);
    expect(aspects("青山清单一共列了多少项重点任务")).toEqual(["count"]);
    expect(aspects("青山清单分几大块")).toEqual(["parts"]);
    expect(aspects("What are the main sections of the Qingshan plan?", "en")).toEqual(["parts"]);
    expect(documentQuestion("第三部分有多少条措施", "zh", NAMES)).toEqual({ aspects: ["part", "count"], part: 3 });
    expect(aspects("青山这份文件几号印发的")).toEqual(["issueDate"]);
    expect(aspects("青山清单是哪个单位起草的")).toEqual(["issuer"]);
    expect(aspects("东湖措施的执行期是哪几年")).toEqual(["validity"]);
    expect(aspects("What's Qingshan's plan number?", "en")).toEqual(["docNumber"]);
    expect(aspects("What regulation does the Qingshan plan implement?", "en")).toEqual(["basis"]);
    expect(aspects("Which documents does the Qingshan plan follow?", "en")).toEqual(["basis"]);
  });

  it("leaves content questions that share those words to retrieval", () => {
    // A title transfer is property registration; a platform's name is a clause's content.
    expect(documentQuestion("How long does a property title transfer take in Qingshan?", "en", NAMES)).toBeNull();
    expect(documentQuestion("东湖区融资服务平台叫什么名字", "zh", NAMES)).toBeNull();
    expect(documentQuestion("青山区对园区企业有什么计划", "zh", NAMES)).toBeNull();
  });

  it("leaves a question about the plans' content to retrieval", () => {
    expect(documentQuestion("青山区开办企业什么时候完成？", "zh", NAMES)).toBeNull();
    expect(documentQuestion("东湖区营业执照到期了怎么换", "zh", NAMES)).toBeNull();
    expect(documentQuestion("Who issues business licences in Qingshan?", "en", NAMES)).toBeNull();
  });
});

describe("a follow-up that asks the previous document question of another plan", () => {
  it("takes the previous question's aspects when the follow-up names only a plan or district", () => {
    expect(documentFollowup("东湖的呢？", "青山区清单一共几条", "zh", NAMES)?.aspects).toEqual(["count"]);
    expect(documentFollowup("What about Qingshan's?", "When was the Donghu plan issued?", "en", NAMES)?.aspects).toEqual(["issueDate"]);
    // Its own document question wins; a topic of its own, or a previous content question, is no document question.
    expect(documentFollowup("东湖的文号呢", "青山区清单一共几条", "zh", NAMES)?.aspects).toEqual(["docNumber"]);
    expect(documentFollowup("那电子印章呢", "青山区清单一共几条", "zh", NAMES)).toBeNull();
    expect(documentFollowup("东湖的呢？", "青山区电子印章谁负责", "zh", NAMES)).toBeNull();
  });
});

describe("document questions in more shapes", () => {
  it("reads the asker's own purpose in a clause of its own as no topic (…，我写报告要引用; for our memo)", () => {
    expect(aspects("东湖区那个若干措施，文号是多少，我们写材料要用")).toEqual(["docNumber"]);
    expect(aspects("我想问一下，青山区清单是谁发的？")).toEqual(["issuer"]);
    expect(aspects("What is the document number of the Qingshan plan? It is for our memo.", "en")).toEqual(["docNumber"]);
    // A clause of its own only: 我们企业 inside the question is a topic.
    expect(aspects("我们企业能用青山区清单里多少条措施申请补贴")).toBeNull();
  });

  it("reads issuers, bases and supervision asked with words in between", () => {
    expect(aspects("Who actually issued the Qingshan plan - the district government alone or also the party committee?", "en")).toEqual([
      "issuer",
    ]);
    expect(aspects("What higher-level document is Qingshan's plan drafted under?", "en")).toEqual(["basis"]);
    expect(aspects("Who will supervise implementation of the Qingshan plan?", "en")).toEqual(["reporting"]);
    expect(aspects("What are the five sections of the Qingshan plan?", "en")).toEqual(["parts"]);
  });

  it("reads 第三个部分 as the third part, and a part English names by what it is (the overall goal)", () => {
    expect(documentQuestion("那第三个部分讲什么", "zh", NAMES)).toEqual({ aspects: ["part"], part: 3 });
    const titles = ["总体目标", "主要任务", "保障措施"];
    expect(documentQuestion("What is the overall goal of the Qingshan plan in one sentence?", "en", NAMES, titles)).toEqual({
      aspects: ["part"],
      partTitle: "总体目标",
    });
    expect(documentQuestion("What safeguards does the Qingshan plan set out?", "en", NAMES, titles)?.partTitle).toBe("保障措施");
    // A loan guarantee is a measure's topic, not the safeguards part.
    expect(documentQuestion("Does Qingshan offer government-backed loan guarantees?", "en", NAMES, titles)).toBeNull();
    // A plan without such a part: not a part question.
    expect(documentQuestion("What is the overall goal of the Qingshan plan?", "en", NAMES, ["主要任务"])?.partTitle).toBeUndefined();
  });
});

describe("several aspects in one English question, and a list's count", () => {
  it("reads every aspect joined (doc number and issue date, by whom, on what date, until when valid)", () => {
    expect(aspects("Qingshan plan doc number and issue date?", "en")).toEqual(["docNumber", "issueDate"]);
    expect(aspects("When was the Qingshan task list issued, and by whom?", "en")).toEqual(["issuer", "issueDate"]);
    expect(aspects("Who issued the Qingshan plan, and on what date?", "en")).toEqual(["issuer", "issueDate"]);
    expect(aspects("Qingshan plan: when does it take effect and until when is it valid?", "en")).toEqual(["effectiveDate", "validity"]);
    expect(aspects("青山这个清单一共多少条任务，分几类？")).toEqual(["count", "parts"]);
  });

  it("reads a count of a list's items (how many items are on the no-penalty list) as a clause's figure, not the plan's", () => {
    expect(aspects("How many items are on Qingshan's no-penalty list for minor violations?", "en")).toBeNull();
    expect(aspects("Qingshan no-penalty list for minor violations – how many items?", "en")).toBeNull();
    expect(aspects("How many individual measures does the Qingshan plan contain in total?", "en")).toEqual(["count"]);
  });
});

describe("a part named beside a topic of its own", () => {
  it("asks for the clauses on that topic, while a part with its quoted title or an asking word stays a part question", () => {
    expect(
      documentQuestion("Under the third part, what does the Qingshan plan say about tax refunds for exporters?", "en", NAMES),
    ).toBeNull();
    expect(documentQuestion("青山区清单第二部分里关于出口退税办理时限是怎么规定的", "zh", NAMES)).toBeNull();
    expect(documentQuestion("What is the second part of the Qingshan plan about?", "en", NAMES)).toEqual({ aspects: ["part"], part: 2 });
    expect(documentQuestion("青山区清单第二部分“纳税服务”讲了什么", "zh", NAMES)).toEqual({ aspects: ["part"], part: 2 });
    expect(documentQuestion("What does the 'tax services' part (part two) of the Qingshan list cover?", "en", NAMES)?.part).toBe(2);
  });
});

describe("how a plan marks the lead unit", () => {
  it("reads asking which of several listed units leads as a question about the plan's note", () => {
    expect(aspects("青山区清单里一条列了好几个单位，哪个算牵头？")).toEqual(["roles"]);
    expect(aspects("When more than one unit is listed in the Qingshan list, which one is the lead?", "en")).toEqual(["roles"]);
    // Which unit leads one measure is a question about that measure.
    expect(aspects("青山区企业开办由哪个单位牵头？")).toBeNull();
  });
});
