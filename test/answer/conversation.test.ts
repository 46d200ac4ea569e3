import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Assistant, type AskInput, createAssistant } from "../../src/answer/assistant.ts";
import { splitQuestion } from "../../src/answer/multipart.ts";
import { Answer } from "../../src/answer/schema.ts";
import { BadRequestError } from "../../src/errors.ts";
import { smalltalkKind } from "../../src/understand/smalltalk.ts";
import { fixtureIndex } from "../helpers/fixture.ts";

let assistant: Assistant;
let cleanup = () => {};

beforeAll(async () => {
  const f = await fixtureIndex();
  cleanup = f.cleanup;
  assistant = createAssistant(f.index);
});
afterAll(() => cleanup());

async function ask(message: string, extra: Omit<AskInput, "message"> = {}): Promise<Answer> {
  return Answer.parse(await assistant.ask({ message, ...extra }));
}

describe("small talk and handoff", () => {
  it.each([
    ["你好", "smalltalk"],
    ["好的，谢谢你啊", "smalltalk"],
    ["你是谁？是机器人还是真人？", "smalltalk"],
    ["Thanks!", "smalltalk"],
    ["转人工", "handoff"],
    ["别跟我扯了，给我转人工", "handoff"],
    ["Can I talk to a real person please?", "handoff"],
  ])("%j gets a short scoped reply, no clause", async (message, status) => {
    const a = await ask(message);
    expect(a.status).toBe(status);
    expect(a.citations).toEqual([]);
    if (status === "handoff") expect(a.answer).toContain("12345");
    expect(a.answer).not.toMatch(/没有找到|do not cover/);
  });

  it("keeps an aside that names nothing of the plans small talk, and answers one that names a plan term", async () => {
    expect((await ask("你是谁？是真人在回吗")).status).toBe("smalltalk");
    expect((await ask("thx, great answer")).status).toBe("smalltalk");
    // 电子印章 is a word the fixture plan writes: beside thanks it is a question, not an aside.
    expect((await ask("谢谢，电子印章呢")).status).not.toBe("smalltalk");
  });

  it("does not repeat the last answer when greeted after a question", async () => {
    const a = await ask("你好", { history: [{ role: "user", content: "电子印章公共服务平台由哪个部门负责？" }] });
    expect(a.status).toBe("smalltalk");
    expect(a.citations).toEqual([]);
  });

  it("answers a question that merely starts with a greeting, and keeps 人工智能 a topic", () => {
    expect(smalltalkKind("你好，电子印章由谁负责？")).toBeNull();
    expect(smalltalkKind("谢谢你，很有帮助")).toBe("thanks");
    expect(smalltalkKind("好的，非常有用")).toBeNull();
    expect(smalltalkKind("人工智能企业有什么政策")).toBeNull();
  });

  it("takes spoken thanks for thanks, and a question after them for a question", () => {
    expect(smalltalkKind("太好了，帮了我大忙")).toBe("thanks");
    expect(smalltalkKind("辛苦了，明白了")).toBe("thanks");
    expect(smalltalkKind("明白了，那电子印章由谁负责？")).toBeNull();
    expect(smalltalkKind("Thanks, that's all for now.")).toBe("thanks");
    expect(smalltalkKind("Thanks, what is there for now for startups?")).toBeNull();
  });

  it("reads closings, bot questions and Traditional small talk as small talk, and a topic after them as a question", () => {
    expect(smalltalkKind("好的，没有其他问题了，拜拜")).toBe("bye");
    expect(smalltalkKind("Great, that was helpful, thank you")).toBe("thanks");
    expect(smalltalkKind("是不是机器人啊")).toBe("identity");
    expect(smalltalkKind("Am I talking to a human, or is it a bot?")).toBe("identity");
    expect(smalltalkKind("您好，請問您是誰")).toBe("identity");
    expect(smalltalkKind("没有其他问题了，电子印章由谁负责？")).toBeNull();
    expect(smalltalkKind("Thanks, is the electronic seal free?")).toBeNull();
    expect(smalltalkKind("机器人产业有什么扶持政策")).toBeNull();
  });

  it("reads 'which system is this' and 'are you a person' in any script as identity, a policy word after them as a question", () => {
    expect(smalltalkKind("請問這是什麼平台？")).toBe("identity");
    expect(smalltalkKind("您是真人嗎")).toBe("identity");
    expect(smalltalkKind("What kind of bot is this?")).toBe("identity");
    expect(smalltalkKind("Are you a human or a bot?")).toBe("identity");
    expect(smalltalkKind("什么系统能开电子发票")).toBeNull();
    expect(smalltalkKind("是真人办理吗")).toBeNull();
  });

  it("reads a closing with a time or 'all I needed' as a closing, and a question after it as a question", () => {
    expect(smalltalkKind("OK thank you, that is all for now")).toBe("thanks");
    expect(smalltalkKind("Thanks, that’s everything I needed")).toBe("thanks");
    expect(smalltalkKind("好的，今天就到这里吧")).toBe("bye");
    expect(smalltalkKind("谢谢，先这样")).toBe("thanks");
    expect(smalltalkKind("That's all for today, but is the e-seal free?")).toBeNull();
    expect(smalltalkKind("就这些措施吗")).toBeNull();
  });
});

describe("the plan as a document", () => {
  it("answers the effective date from the plan's closing, citing the plan itself first", async () => {
    const a = await ask("江湾区的方案从什么时候开始施行？");
    expect(a.status).toBe("answered");
    expect(a.citations[0]!.id).toBe("jiangwan-2023:plan");
    expect(a.citations[0]!.kind).toBe("plan");
    expect(a.answer).toContain("2023年5月1日");
  });

  it("counts the measures and lists the parts", async () => {
    const count = await ask("安亭区的措施一共有多少条？");
    expect(count.answer).toMatch(/共有5条具体措施/);
    const parts = await ask("安亭区的方案分成哪几个部分？");
    expect(parts.answer).toContain("提升政务服务");
    expect(parts.answer).toContain("加强要素保障");
  });

  it("says plainly when the plan does not state what was asked", async () => {
    const a = await ask("江湾区这个方案的文号是多少？");
    expect(a.status).toBe("not_found");
    expect(a.answer).toContain("没有写明文号");
  });
});

describe("refusal", () => {
  it("refuses a question for a fact no clause states (an address), naming the nearest clause", async () => {
    const a = await ask("安亭区电子印章公共服务平台的地址在哪里？");
    expect(a.status).toBe("not_found");
    expect(a.answer).toContain("具体地址");
    expect(a.alternatives?.[0]?.id).toBe("anting-2024:2");
  });

  it("does not let plan-title words make an unrelated question answerable", async () => {
    const plain = await ask("住房公积金缴存比例是多少？");
    const withTitle = await ask("营商环境提升行动方案里住房公积金缴存比例是多少？");
    expect(plain.status).toBe("not_found");
    expect(withTitle.status).toBe("not_found");
  });

  it("names only the districts in scope", async () => {
    const a = await ask("住房公积金缴存比例是多少？", { district: "江湾" });
    expect(a.answer).toContain("江湾区");
    expect(a.answer).not.toContain("安亭区");
  });
});

describe("the district input", () => {
  it.each(["江湾", "江湾区", "上海市江湾区", "jiangwan", "Jiangwan District"])("accepts %j", async (district) => {
    const a = await ask("外籍人才工作许可审批时限是多久？", { district });
    expect(a.citations.every((c) => c.district === "江湾区")).toBe(true);
  });

  it("rejects an unknown district with a 400 naming the covered ones", async () => {
    const err = await assistant.ask({ message: "电子印章由谁负责？", district: "putuo" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as Error).message).toMatch(/安亭区.*江湾区|江湾区.*安亭区/);
  });
});

describe("multi-part questions", () => {
  it("answers each part with its own citation, and says which part is not covered", async () => {
    const a = await ask("电子印章公共服务平台由哪个部门负责？企业注销要多少天？个人所得税税率是多少？");
    expect(a.status).toBe("partial");
    const ids = a.citations.map((c) => c.id);
    expect(ids).toContain("anting-2024:2");
    expect(ids).toContain("anting-2024:3");
    expect(a.answer).toMatch(/1\. .*\n[\s\S]*2\. [\s\S]*3\. [\s\S]*没有找到/);
  });
});

describe("splitting a multi-part question", () => {
  it("cuts an enumeration of questions (、) after a lead-in, and keeps one question's halves together", () => {
    expect(splitQuestion("老板让我问两件事：电子印章平台有没有建好、企业注销麻不麻烦")).toEqual([
      "老板让我问两件事:电子印章平台有没有建好", // cleanInput folds full-width punctuation
      "企业注销麻不麻烦",
    ]);
    expect(splitQuestion("我想注销公司，有什么简便办法吗？")).toHaveLength(1);
    // Three things asked comma after comma are three questions; "啥都不懂" asks nothing.
    expect(splitQuestion("我啥都不懂，想问问开公司网上能办不，刻章要不要钱，以后注销麻不麻烦")).toEqual([
      "我啥都不懂,想问问开公司网上能办不",
      "刻章要不要钱",
      "以后注销麻不麻烦",
    ]);
    expect(splitQuestion("公司招了个外籍工程师，办工作许可能快点吗，要几天")).toHaveLength(1);
    // An enumeration of places or things asks one question.
    expect(splitQuestion("会不会在街道、镇开设政务服务旗舰店？")).toHaveLength(1);
    // What a question sets aside (除了…，还有…) leads into it, asks nothing of its own.
    expect(splitQuestion("除了担保基金，还有别的融资支持吗？")).toEqual(["除了担保基金,还有别的融资支持吗?"]);
  });

  it("cuts a numbered list of questions, keeping the lead-in with the first, and a second question marked by 又", () => {
    expect(splitQuestion("甲区：1）帮办多快响应 2）信用报告能替代证明的有几个领域 3）有没有企业专席")).toEqual([
      "甲区帮办多快响应",
      "信用报告能替代证明的有几个领域",
      "有没有企业专席",
    ]);
    expect(splitQuestion("电子印章覆盖要到多少，政务服务网办比例又是多少？")).toEqual([
      "电子印章覆盖要到多少",
      "政务服务网办比例又是多少?",
    ]);
    // Two clauses that each ask for a figure of their own are two questions; a figure asked after a yes/no is one.
    expect(splitQuestion("技能大师工作室建几家，职工技能培训要搞多少人次？")).toEqual([
      "技能大师工作室建几家",
      "职工技能培训要搞多少人次?",
    ]);
    expect(splitQuestion("企业开办要几天，要跑几个部门")).toHaveLength(1);
    // A figure with a point or a clause that asks nothing again is no list.
    expect(splitQuestion("设立1.5亿元基金，怎么申请")).toHaveLength(1);
    expect(splitQuestion("办工作许可能快点吗，要几天")).toHaveLength(1);
  });
});

describe("multi-part questions that are one question", () => {
  it("reads a part with no topic of its own (具体列一下) together with the part before", async () => {
    const a = await ask("区市场监管局负责哪些措施？具体列一下。");
    expect(a.status).toBe("answered");
    expect(a.answer).not.toMatch(/^1\. /);
    expect(a.citations.map((c) => c.id)).toEqual(expect.arrayContaining(["anting-2024:1", "anting-2024:3"]));
  });
});

describe("confidence", () => {
  it("every answer carries a confidence, a level and alternatives", async () => {
    for (const q of ["电子印章公共服务平台由哪个部门负责？", "你好", "个人所得税税率是多少？", "江湾区的方案从什么时候开始施行？"]) {
      const a = await ask(q);
      expect(a.confidence, q).toBeGreaterThanOrEqual(0);
      expect(a.confidenceLevel, q).toBeDefined();
      expect(a.alternatives, q).toBeDefined();
    }
  });

  it("is higher for a question one clause answers squarely than for one two clauses answer alike", async () => {
    const clear = await ask("电子印章公共服务平台由哪个部门负责？");
    const ambiguous = await ask("安亭区电子印章有什么规定？");
    expect(ambiguous.status).toBe("answered");
    expect(clear.confidence!).toBeGreaterThan(ambiguous.confidence!);
  });
});

describe("script", () => {
  it("answers a Simplified question ending in 么 in Simplified", async () => {
    const a = await ask("企业注销能快点办么？");
    expect(a.answer).not.toMatch(/註銷|辦/);
    expect(a.answer).toContain("注销");
  });
});

describe("unit questions in other phrasings", () => {
  it.each([
    "区市场监管局负责哪些措施？",
    "市场监管局都管哪些？",
    "哪些措施是区市场监管局负责的？",
    "What is the District Administration for Market Regulation responsible for?",
  ])("%j lists every measure of the unit with its role", async (q) => {
    const a = await ask(q);
    const ids = a.citations.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(["anting-2024:1", "anting-2024:3"]));
  });
});

describe("follow-ups", () => {
  it("a follow-up that points back with 这个 keeps the previous topic", async () => {
    const a = await ask("这个是哪个部门负责的？", { history: [{ role: "user", content: "安亭区企业简易注销要多久？" }] });
    expect(a.status).toBe("answered");
    expect(a.citations[0]!.id).toBe("anting-2024:3");
    expect(a.answer).toContain("区市场监管局");
  });
});

describe("comparisons", () => {
  it("names every district asked about, the one whose plan says nothing too", async () => {
    const a = await ask("安亭区和江湾区在电子印章方面各有什么措施？");
    expect(a.answer).toContain("【安亭区】");
    expect(a.answer).toContain("【江湾区】");
    expect(a.citations.some((c) => c.district === "安亭区")).toBe(true);
  });
});
