import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlanMeta } from "../../src/plan/schema.ts";
import { classifyIntent, INTENT_RECOGNIZERS, settleIntent } from "../../src/understand/intent.ts";
import { INTENTS } from "../../src/answer/intents.ts";
import { districtNames, englishWords, PhraseMatcher } from "../../src/understand/lexicon.ts";
import { cleanInput, detectLanguage, isTraditional, toSimplified, toTraditional } from "../../src/understand/script.ts";
import { type HistoryMessage, measureNumber, unBa, understand, unMeasure } from "../../src/understand/understand.ts";
import { fixtureIndex } from "../helpers/fixture.ts";

let metas: PlanMeta[] = [];
let cleanup = () => {};

beforeAll(async () => {
  const f = await fixtureIndex();
  cleanup = f.cleanup;
  metas = f.index.plans.map((p) => p.meta);
});
afterAll(() => cleanup());

const ask = (q: string, history: HistoryMessage[] = []) => understand(q, history, metas);
const user = (content: string): HistoryMessage => ({ role: "user", content });
const assistant = (content: string): HistoryMessage => ({ role: "assistant", content });

describe("script and language", () => {
  it("detects Chinese, English, and the dominant language of a mixed question", () => {
    expect(detectLanguage("电子印章由谁负责？")).toBe("zh");
    expect(detectLanguage("Who is responsible for electronic seals?")).toBe("en");
    // Mixed: Chinese characters outweigh the Latin words (two characters count as one word).
    expect(detectLanguage("安亭区的electronic seal由谁负责？")).toBe("zh");
    expect(detectLanguage("Who is responsible for 电子印章 in Anting?")).toBe("en");
    expect(ask("安亭区的electronic seal由谁负责？").lang).toBe("zh");
    expect(ask("Who is responsible for 电子印章 in Anting?").lang).toBe("en");
  });

  it("keeps the Chinese term an English question quotes, without its place name", () => {
    const u = ask("Who is responsible for 电子印章 in 安亭区?");
    expect(u.lang).toBe("en");
    expect(u.districts).toEqual(["安亭区"]);
    expect(u.retrievalText).toContain("电子印章");
    expect(u.retrievalText).not.toContain("安亭");
    expect(u.concepts).toContainEqual(["电子印章"]);
    expect(u.hasTopic).toBe(true);
    expect(u.intent).toBe("who");
  });

  it("folds full-width letters and drops zero-width and control characters", () => {
    expect(cleanInput("  ｅｌｅｃｔｒｏｎｉｃ\u200b ｓｅａｌ\u0007 \n ")).toBe("electronic seal");
    expect(cleanInput("\u200b\u200d\ufeff\u2060")).toBe("");
  });

  it("converts between Traditional and Simplified script", () => {
    expect(toSimplified("電子印章由誰負責")).toBe("电子印章由谁负责");
    expect(toTraditional("电子印章由谁负责")).toBe("電子印章由誰負責");
    expect(isTraditional("電子印章")).toBe(true);
    expect(isTraditional("电子印章")).toBe(false);
  });

  it("retrieves a Traditional question in Simplified script and remembers to answer in Traditional", () => {
    const u = ask("電子印章公共服務平台由哪個部門負責？");
    expect(u.lang).toBe("zh");
    expect(u.traditional).toBe(true);
    expect(u.question).toContain("电子印章公共服务平台由哪个部门负责");
    expect(u.retrievalText).toContain("电子印章公共服务平台");
    expect(u.intent).toBe("who");
    expect(ask("电子印章公共服务平台由哪个部门负责？").traditional).toBe(false);
  });
});

describe("English glossary", () => {
  it.each([
    ["Who handles electronic seals?", "电子印章"],
    ["Which department issues the business licence?", "营业执照"],
    ["Which department issues the business license?", "营业执照"],
    ["How do I get business licences?", "营业执照"],
    ["How do I get business licenses?", "营业执照"],
    ["Who handles bankruptcy cases?", "破产"],
    ["How long do tax refunds take?", "退税"],
    ["Who issues work permits?", "工作许可"],
    ["work permit for my engineer", "工作许可"],
  ])("maps %j to the plan term %s", (question, term) => {
    const u = ask(question);
    expect(u.lang).toBe("en");
    expect(u.retrievalText).toContain(term);
    expect(u.concepts.flat()).toContain(term);
    expect(u.hasTopic).toBe(true);
  });

  it("reads a glossary phrase with any word for a firm (new business → new company, new firm)", () => {
    const phrase = (q: string) => ask(q).concepts.flat();
    expect(phrase("How fast can I get a new firm registered?")).toContain("企业开办");
    expect(phrase("How fast can I get a new company registered?")).toContain("企业开办");
    // A firm word alone is still the firm, not the start-up.
    expect(phrase("Does the company get a discount?")).not.toContain("企业开办");
  });

  it("folds plural and inflected forms onto the same stem", () => {
    expect(englishWords("Licences licenses companies businesses processes seals")).toEqual(
      englishWords("licence license company business process seal"),
    );
    expect(englishWords("evaluated evaluation")).toEqual(englishWords("evaluate evaluate"));
    expect(englishWords("registering registered")).toEqual(englishWords("register register"));
    // Quotes around a word are punctuation; a hyphen inside it is part of the term.
    expect(englishWords("the 'four-arrivals' service, Putuo's plan")).toEqual(englishWords("the four-arrivals service putuo plan"));
    // A stem that would merge two different words is kept apart.
    expect(englishWords("news")).not.toEqual(englishWords("new"));
    expect(englishWords("customs")).not.toEqual(englishWords("customers"));
  });

  it("meets British and American spellings", () => {
    expect(englishWords("subsidised organisation labour centre licence programme analysed")).toEqual(
      englishWords("subsidized organization labor center license program analyzed"),
    );
    // Words whose -ise is no British spelling stay apart from unrelated -ize words.
    expect(englishWords("enterprise promise exercise")).toEqual(["enterpris", "promis", "exercis"]);
    // Training is not a train (the glossary's rail lines).
    expect(englishWords("training trainings")).not.toContain(englishWords("train")[0]);
  });

  it("reads a hyphenated word no phrase names as its words, and keeps one a phrase names", () => {
    const m = new PhraseMatcher<string>();
    m.add("first time", "首次");
    m.add("four-arrivals", "四到");
    expect(m.match("for first-time applicants")).toEqual([{ phrase: "first time", values: ["首次"], start: 1 }]);
    expect(m.match("the four-arrivals service")).toEqual([{ phrase: "four-arrivals", values: ["四到"], start: 1 }]);
  });

  it("reads a separable phrase with its object between verb and particle, the longer phrase first", () => {
    const m = new PhraseMatcher<string>();
    m.add("pay late", "拖欠账款");
    m.add("pay", "缴费");
    m.add("pay tax late", "逾期缴税");
    expect(m.match("bodies paying small suppliers late")).toEqual([{ phrase: "pai late", values: ["拖欠账款"], start: 1 }]);
    expect(m.match("they pay their tax late")).toEqual([{ phrase: "pai tax late", values: ["逾期缴税"], start: 1 }]);
    // Too far apart, or no particle: the verb alone.
    expect(m.match("pay the five largest local suppliers late")).toEqual([{ phrase: "pai", values: ["缴费"], start: 0 }]);
  });

  it("reads a phrase through determiners and one describing word inside it", () => {
    const m = new PhraseMatcher<string>();
    m.add("set up a company", "企业开办");
    m.add("set up new company", "登记注册");
    expect(m.match("can I set up my company here")).toEqual([{ phrase: "set up compani", values: ["企业开办"], start: 2 }]);
    expect(m.match("set up a new company")).toEqual([{ phrase: "set up new compani", values: ["登记注册", "企业开办"], start: 0 }]);
    // A describing word at a phrase's edge is not skipped: "new company" is not "company".
    m.add("company", "企业");
    expect(m.match("a new company")).toEqual([{ phrase: "compani", values: ["企业"], start: 2 }]);
  });

  it.each([
    ["What is the tax bureau in charge of?", "区税务局"],
    ["What does the human resources bureau handle?", "区人社局"],
    // A regulator is a unit's head noun too.
    ["What does the market regulator handle?", "区市场监管局"],
    // commerce names two units; the Commerce Commission is all commerce, the Federation of Industry and Commerce a third of it.
    ["What is the commerce bureau responsible for?", "区商务委"],
    // market and supervision name two units; the market regulator's name (市场监督管理局) is half market, the assets commission's a fifth supervision.
    ["What is the market supervision bureau responsible for?", "区市场监管局"],
  ])("reads the short name in %j as the unit %s and lists its measures", (question, unit) => {
    const u = ask(question);
    expect(u.units).toEqual([unit]);
    expect(u.intent).toBe("unit");
  });

  it("reads no unit from a short name two units share as much", () => {
    // management → Construction and Management, Emergency Management: half of each name, neither wins.
    expect(ask("What is the management bureau responsible for?").units).toEqual([]);
  });

  it("counts how much of an English question it understood", () => {
    expect(ask("Who handles electronic seals?").understoodShare).toBe(1);
    const vague = ask("Which department handles quantum teleportation subsidies?");
    expect(vague.understoodShare).toBeLessThan(0.5);
  });
});

describe("places", () => {
  it("derives each covered district's names from the plan metadata", () => {
    const names = districtNames(metas);
    expect(names).toEqual(
      expect.arrayContaining([
        { district: "安亭区", names: ["安亭区", "安亭"], namesEn: ["anting"] },
        // No districtEn in jiangwan's metadata: the English name comes from the plan id.
        { district: "江湾区", names: ["江湾区", "江湾"], namesEn: ["jiangwan"] },
      ]),
    );
  });

  it("names a district by its pinyin when neither the plan's English name nor its id says it", () => {
    const other: PlanMeta = { ...metas[0]!, id: "plan-7", district: "江北区", districtEn: null };
    expect(districtNames([other])[0]!.namesEn).toContain("jiangbei");
    expect(understand("Who handles electronic seals in Jiangbei?", [], [...metas, other]).districts).toEqual(["江北区"]);
  });

  it.each([
    ["安亭区电子印章由谁负责？", ["安亭区"]],
    ["安亭的电子印章", ["安亭区"]],
    ["江湾桩基施工许可", ["江湾区"]],
    ["Who handles electronic seals in Anting District?", ["安亭区"]],
    ["Jiangwan work permits", ["江湾区"]],
    ["Which District office in Anting District handles electronic seals?", ["安亭区"]],
    ["安亭区和江湾区的电子印章有什么区别？", ["安亭区", "江湾区"]],
    ["电子印章由谁负责？", []],
    ["安亭区市场监管局负责哪些事？", ["安亭区"]],
    ["中国市场主体登记有什么便利？", []],
    // Capitalized English before "plan" that is no pinyin place name, or a covered district.
    ["What is the Business plan for start-ups?", []],
    ["Is the Same plan valid in Anting?", ["安亭区"]],
    ["Who issued the Anting plan?", ["安亭区"]],
  ])("finds the covered districts in %j", (question, districts) => {
    const u = ask(question);
    expect(u.districts).toEqual(districts);
    expect(u.otherPlaces).toEqual([]);
  });

  it("treats a district name as a filter, not as part of the topic", () => {
    const u = ask("Who handles electronic seals in Anting?");
    expect(u.concepts.flat()).not.toContain("安亭区");
    expect(u.retrievalText).not.toMatch(/安亭/);
  });

  it.each([
    ["杭州的电子印章政策是什么？", ["杭州"]],
    ["浦东新区电子印章由谁负责？", ["浦东新区"]],
    ["Who handles electronic seals in Pudong?", ["pudong"]],
    ["What about Hangzhou?", ["hangzhou"]],
    ["西湖区有没有首贷贴息政策？", ["西湖区"]],
    ["江州市级层面规定的开办时间是几天？", ["江州市"]],
    // A district the place table has never heard of, named as English writes districts.
    ["What are the business environment measures in Qiaotou District?", ["Qiaotou District"]],
    ["Does Lower Meadow County offer start-up grants?", ["Lower Meadow County"]],
    // A plan named by a place whose name reads as pinyin, without the word District.
    ["Which body issued the Qiaotou plan?", ["Qiaotou"]],
    ["Does Xinhe's action plan cover tax refunds?", ["Xinhe"]],
  ])("notices the uncovered place in %j", (question, places) => {
    const u = ask(question);
    expect(u.otherPlaces).toEqual(places);
    expect(u.districts).toEqual([]);
  });
});

describe("intent", () => {
  it.each([
    ["电子印章公共服务平台由哪个部门负责？", "who"],
    ["电子印章归哪个单位管？", "who"],
    ["Who is responsible for electronic seals?", "who"],
    ["Which department handles work permits?", "who"],
    ["区金融办负责哪些措施？", "unit"],
    ["区市场监管局有哪些任务？", "unit"],
    ["What is the District Financial Services Office responsible for?", "unit"],
    ["政府机关使用电子印章的比例目标是多少？", "target"],
    ["企业注销需要几天？", "target"],
    ["How long does company deregistration take?", "target"],
    ["What percentage of agencies use electronic seals?", "target"],
    ["电子印章这项任务的完成时限是什么？", "deadline"],
    ["电子印章平台什么时候完成？", "deadline"],
    ["融资担保基金的截止时间是哪天？", "deadline"],
    ["When is measure 5 due?", "deadline"],
    ["What's the deadline for the fund?", "deadline"],
    ["By when will electronic seals be rolled out?", "deadline"],
    // How long a service takes (办结时限, 多久) is a figure, not the measure's deadline.
    ["企业诉求的办结时限是几天？", "target"],
    ["企业开办多久能办完？", "target"],
    ["How long is the procedure for deregistration?", "target"],
    ["安亭区和江湾区的电子印章有什么区别？", "compare"],
    ["两个区的工作许可政策有什么不同？", "compare"],
    ["Compare both districts on work permits", "compare"],
    ["电子印章是什么？", "general"],
    ["Tell me about electronic seals", "general"],
  ])("classifies %j as %s", (question, intent) => {
    expect(ask(question).intent).toBe(intent);
  });

  it("names the units a question mentions, by full name or alias", () => {
    expect(ask("区金融办负责哪些措施？").units).toEqual(["区金融办"]);
    expect(ask("区科学技术委员会负责哪些措施？").units).toEqual(["区科委"]);
    expect(ask("What does the District Finance Bureau do?").units).toEqual(["区财政局"]);
    // A unit question without a task word is not a unit question.
    expect(classifyIntent("区金融办", "zh", 1, 0)).toBe("general");
    expect(classifyIntent("区金融办负责哪些措施", "zh", 0, 0)).toBe("general");
    expect(classifyIntent("电子印章", "zh", 0, 2)).toBe("compare");
    // A comparison word alone is not a comparison of the districts.
    expect(classifyIntent("电子印章和纸质印章有什么不同？", "zh", 0, 0)).toBe("general");
    expect(classifyIntent("Compare Both Districts", "en", 0, 0)).toBe("compare");
  });
});

describe("measure numbers", () => {
  it.each([
    ["第5条是什么", 5],
    ["措施20讲什么", 20],
    ["普陀第二十条的责任单位", 20],
    ["第一百项措施", 100],
    ["20号措施是什么", 20],
    ["measure 5", 5],
    ["When is measure no. 12 due?", 12],
  ])("reads %j as measure %d", (question, n) => {
    expect(measureNumber(question)).toBe(n);
  });

  it.each(["一共有多少条措施？", "措施20项，覆盖哪些方面？", "第二部分讲什么？", "第三方评估由谁负责？", "measures 5 days"])(
    "reads no measure number in %j",
    (question) => {
      expect(measureNumber(question)).toBeNull();
    },
  );
});

describe("the intent registry", () => {
  it("has one answer policy for every intent it recognises, and a last entry that takes the rest", () => {
    expect(INTENT_RECOGNIZERS.map((r) => r.intent).sort()).toEqual(Object.keys(INTENTS).sort());
    const last = INTENT_RECOGNIZERS.at(-1)!;
    expect([last.zh.length, last.en.length, last.needs]).toEqual([0, 0, undefined]);
  });

  it("settles a follow-up's inherited intent on what it names once the conversation is resolved", () => {
    // A unit question whose unit is gone falls back; two districts make a comparison of anything else.
    expect(settleIntent("unit", { units: 0, districts: 1 })).toBe("general");
    expect(settleIntent("unit", { units: 0, districts: 2 })).toBe("compare");
    expect(settleIntent("who", { units: 0, districts: 2 })).toBe("compare");
    // A unit question that names its unit stands, across two districts too.
    expect(settleIntent("unit", { units: 1, districts: 2 })).toBe("unit");
    expect(settleIntent("deadline", { units: 1, districts: 1 })).toBe("deadline");
  });

  it("answers 哪个部门负责？ after a comparison of two districts as a comparison", () => {
    const u = ask("哪个部门负责？", [user("安亭区和江湾区的电子印章有什么区别？")]);
    expect(u.districts.length).toBe(2);
    expect(u.intent).toBe("compare");
  });
});

describe("follow-ups", () => {
  it("那江湾区呢？ keeps the topic and the who-question and switches the district", () => {
    const u = ask("那江湾区呢？", [user("安亭区电子印章由谁负责？"), assistant("根据第2条，负责单位是区科委。")]);
    expect(u.followup).toBe(true);
    expect(u.districts).toEqual(["江湾区"]);
    expect(u.intent).toBe("who");
    expect(u.retrievalText).toContain("电子印章");
  });

  it("那审批要几天？ asks how long about the previous topic; 那上市培训呢？ names a topic of its own", () => {
    const how = ask("那审批一般要几天？", [
      user("江湾区对外籍人才办工作许可有什么便利？"),
      assistant("为外籍人才办理工作许可提供绿色通道，优先审批。"),
    ]);
    expect(how.retrievalText).toContain("外籍人才");
    expect(how.retrievalText).toContain("审批");
    const other = ask("那上市培训呢？", [user("安亭区电子印章由谁负责？")]);
    expect(other.retrievalText).not.toContain("电子印章");
    const switched = ask("那注销由谁负责？", [user("安亭区电子印章由谁负责？"), assistant("根据第2条，负责单位是区科委。")]);
    expect(switched.retrievalText).not.toContain("电子印章");
  });

  it("哪个部门负责？ keeps the topic and district and becomes a who-question", () => {
    const u = ask("哪个部门负责？", [user("安亭区的企业注销政策是什么？")]);
    expect(u.followup).toBe(true);
    expect(u.intent).toBe("who");
    expect(u.districts).toEqual(["安亭区"]);
    expect(u.retrievalText).toContain("企业注销");
  });

  it("and tax refunds? keeps the district but takes the new topic", () => {
    const u = ask("and tax refunds?", [user("Who handles electronic seals in Anting?")]);
    expect(u.followup).toBe(true);
    expect(u.districts).toEqual(["安亭区"]);
    expect(u.retrievalText).toContain("退税");
    expect(u.retrievalText).not.toContain("电子印章");
    expect(u.concepts.flat()).not.toContain("电子印章");
  });

  it("does not carry the district over to a follow-up that names an uncovered place", () => {
    const zh = ask("那浦东呢？", [user("安亭区电子印章由谁负责？")]);
    expect(zh.districts).toEqual([]);
    expect(zh.otherPlaces).toEqual(["浦东"]);
    const en = ask("what about Pudong?", [user("Who handles electronic seals in Anting?")]);
    expect(en.districts).toEqual([]);
    expect(en.otherPlaces).toEqual(["pudong"]);
  });

  it("leaves a complete new question alone", () => {
    const u = ask("江湾区外籍人才工作许可的审批时限是多少？", [user("安亭区电子印章由谁负责？")]);
    expect(u.followup).toBe(false);
    expect(u.districts).toEqual(["江湾区"]);
    expect(u.intent).toBe("target");
    expect(u.retrievalText).not.toContain("电子印章");
  });

  it("reads only the user's earlier messages, not the assistant's", () => {
    const u = ask("哪个部门负责？", [user("电子印章的政策是什么？"), assistant("江湾区的方案没有提到，安亭区第2条提到了。")]);
    expect(u.districts).toEqual([]);
    expect(u.retrievalText).toContain("电子印章");
  });

  it("它还负责哪些措施？ asks about the unit the last answer named", () => {
    const history = [user("安亭区电子印章由谁负责？"), assistant("安亭区方案第2条的责任单位是区科委、区市场监管局。")];
    for (const q of ["它还负责哪些措施？", "这个部门还负责什么？", "What else are they responsible for?"]) {
      const u = ask(q, history);
      expect(u.intent, q).toBe("unit");
      expect(u.units, q).toEqual(["区科委"]);
      expect(u.followup, q).toBe(true);
    }
    // With no unit in the answer, the unit of the previous question is used; with none at all, nothing is invented.
    expect(ask("它还负责哪些措施？", [user("区财政局负责什么？"), assistant("没有找到。")]).units).toEqual(["区财政局"]);
    expect(ask("它还负责哪些措施？", [user("电子印章是什么？"), assistant("没有找到。")]).units).toEqual([]);
  });

  it("它的目标是什么？ keeps the previous topic and asks the new question about it", () => {
    const u = ask("它的目标是什么？", [user("安亭区电子印章由谁负责？"), assistant("责任单位是区科委。")]);
    expect(u.followup).toBe(true);
    expect(u.intent).toBe("target");
    expect(u.units).toEqual([]);
    expect(u.districts).toEqual(["安亭区"]);
    expect(u.retrievalText).toContain("电子印章");
    const en = ask("How long does it take?", [user("How do I get a work permit in Anting?")]);
    expect(en.intent).toBe("target");
    expect(en.retrievalText).toContain("工作许可");
    // A full question that happens to say "it" is not a follow-up.
    expect(
      ask("Is it possible to get an electronic seal for my company in Jiangwan?", [user("How do I get a work permit in Anting?")]).followup,
    ).toBe(false);
  });

  it("finds the topic of a follow-up to a follow-up", () => {
    const u = ask("哪个部门负责？", [user("安亭区电子印章的目标是多少？"), user("那江湾区呢？")]);
    expect(u.districts).toEqual(["江湾区"]);
    expect(u.intent).toBe("who");
    expect(u.retrievalText).toContain("电子印章");
  });
});

describe("the 把 construction", () => {
  const phrases = new Set(["关公司", "弄丢执照"]);
  it("reads 把X关了 in the verb-object order of a caller phrase", () => {
    expect(unBa("我想把公司关了，要跑几个部门？", phrases)).toBe("我想关公司，要跑几个部门？");
    expect(unBa("把公司关掉要多久", phrases)).toBe("关公司要多久");
    expect(unBa("把执照弄丢了怎么办", phrases)).toBe("弄丢执照怎么办");
  });
  it("leaves the question alone when no reading is a known phrase", () => {
    expect(unBa("把材料交了以后多久拿证", phrases)).toBe("把材料交了以后多久拿证");
  });
});

describe("a measure word between verb and object", () => {
  const phrases = new Set(["开厂", "开店", "关公司"]);
  it("reads 开个厂 / 开了家店 / 关了个公司 as the caller phrase without it", () => {
    expect(unMeasure("我想开个厂，要办什么证？", phrases)).toBe("我想开厂，要办什么证？");
    expect(unMeasure("去年开了家店", phrases)).toBe("去年开店");
    expect(unMeasure("关了个公司", phrases)).toBe("关公司");
  });
  it("leaves the question alone when no reading is a known phrase", () => {
    expect(unMeasure("有几个部门负责", phrases)).toBe("有几个部门负责");
    expect(unMeasure("开个会", phrases)).toBe("开个会");
  });
});
