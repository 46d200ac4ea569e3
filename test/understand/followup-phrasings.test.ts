import { describe, expect, it } from "vitest";
import { understand } from "../../src/understand/understand.ts";
import { TWO_PLANS, turn } from "../helpers/conversation.ts";

/**
 * Follow-ups in many shapes, written for this test (not taken from any eval set): what each carries over
 * from the previous turn — the cited clause (an attribute asked of it), the topic (another district), the
 * unit (what else it does).
 */
const PLANS = TWO_PLANS;
const ZH = turn("安亭区融资担保有什么支持？", "设立政策性融资担保基金，牵头单位为区金融办【anting-2024:4】。");
const TRAD = turn("安亭區融資擔保有甚麼支持？", "設立政策性融資擔保基金，牽頭單位為區金融辦【anting-2024:4】。");
const EN = turn(
  "Does Anting help firms get loan guarantees?",
  "Yes, it sets up a policy guarantee fund, led by 区金融办【anting-2024:4】.",
);

describe("an attribute asked of the clause just cited, in words of its own", () => {
  const cases: [string, ReturnType<typeof turn>, "who" | "deadline" | "target" | "general"][] = [
    ["归哪个局管？", ZH, "who"],
    ["主办单位是哪个？", ZH, "who"],
    ["由哪个部门来办？", ZH, "who"],
    ["具体谁来落实？", ZH, "who"],
    ["这事找哪个单位？", ZH, "who"],
    ["那主辦單位是哪一個？", TRAD, "who"],
    ["歸哪個部門管？", TRAD, "who"],
    ["啥时候之前做到？", ZH, "deadline"],
    ["几时能搞好？", ZH, "deadline"],
    ["要到哪一年才完成？", ZH, "deadline"],
    ["甚麼時候要做到？", TRAD, "deadline"],
    ["最多能给多少？", ZH, "target"],
    ["规模有多大？", ZH, "target"],
    ["具体内容是什么？", ZH, "general"],
    ["原文怎么写的？", ZH, "general"],
    ["Which agency handles it?", EN, "who"],
    ["Who's in charge of that?", EN, "who"],
    ["Which bureau is behind this?", EN, "who"],
    ["And by when is it supposed to be up and running?", EN, "deadline"],
    ["When will that be ready?", EN, "deadline"],
    ["What's the timeline?", EN, "deadline"],
    ["How much can a firm get at most?", EN, "target"],
    ["how many firms will benefit from them?", EN, "target"],
    ["And how much will they waive at most per company?", EN, "target"],
    ["What does it say exactly?", EN, "general"],
    ["Can you quote the clause?", EN, "general"],
  ];
  for (const [question, history, intent] of cases)
    it(`reads ${question} as a question about the cited clause (${intent})`, () => {
      const u = understand(question, history, PLANS);
      expect(u.followupOf).toMatchObject({ clauses: ["anting-2024:4"], inherited: true });
      expect(u.districts).toEqual(["安亭区"]);
      expect(u.intent).toBe(intent);
    });
});

describe("the same question asked of another district", () => {
  const cases: [string, ReturnType<typeof turn>][] = [
    ["江湾有类似的吗？", ZH],
    ["江湾那边也有吗？", ZH],
    ["换成江湾区呢？", ZH],
    ["同样的问题，江湾区呢？", ZH],
    ["江湾區也一樣嗎？", TRAD],
    ["Does Jiangwan have something similar?", EN],
    ["Same question for Jiangwan please.", EN],
    ["And in Jiangwan?", EN],
    ["Is it the same in Jiangwan?", EN],
    ["Jiangwan too?", EN],
  ];
  for (const [question, history] of cases)
    it(`reads ${question} as the previous topic in the other district`, () => {
      const u = understand(question, history, PLANS);
      const previous = understand(history[0]!.content, [], PLANS);
      expect(u.districts).toEqual(["江湾区"]);
      expect(u.followup).toBe(true);
      expect(previous.retrievalText.length).toBeGreaterThan(0);
      // The previous question's topic, without its district.
      for (const term of previous.retrievalText
        .replace(/安亭区?|Anting/g, " ")
        .split(/\s+/)
        .filter((t) => t.length >= 2)
        .slice(0, 2))
        expect(u.retrievalText).toContain(term.replace(/[？?]$/, ""));
      expect(u.retrievalText).not.toMatch(/安亭|Anting/);
      // The clauses cited for the other district are not this one's.
      expect(u.followupOf).toBeUndefined();
    });
});

describe("more of the unit just named", () => {
  const cases = ["他们还负责什么？", "这个部门还管哪些？", "Any other measures by the same office?", "What else does that office do?"];
  for (const question of cases)
    it(`reads ${question} as a question about the unit the answer named`, () => {
      const u = understand(question, /[a-z]/i.test(question) ? EN : ZH, PLANS);
      expect(u.units).toEqual(["区金融办"]);
      expect(u.intent).toBe("unit");
    });
});

describe("a short question with a topic of its own stays its own", () => {
  it("does not pull the previous topic into 那硕士呢 / 企业注销要多久", () => {
    expect(understand("企业注销要多久？", ZH, PLANS).retrievalText).not.toContain("担保");
    expect(understand("What about business deregistration?", EN, PLANS).followupOf?.inherited).not.toBe(true);
  });
});
