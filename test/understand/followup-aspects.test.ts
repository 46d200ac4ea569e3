import { describe, expect, it } from "vitest";
import { understand } from "../../src/understand/understand.ts";
import { TWO_PLANS, turn } from "../helpers/conversation.ts";

/**
 * Follow-ups that bring words of their own, written for this test (not taken from any eval set): whether
 * those words are an aspect of the topic just discussed (its fee, its processing time, whether a unit takes
 * part) or a topic of their own; acknowledgements before a follow-up; references that point back from a
 * longer question; an answer that cited two districts, narrowed to one.
 */
const PLANS = TWO_PLANS;
const ZH = turn("安亭区融资担保有什么支持？", "设立政策性融资担保基金，牵头单位为区金融办【anting-2024:4】。");
const EN = turn(
  "Does Anting help firms get loan guarantees?",
  "Yes, it sets up a policy guarantee fund, led by 区金融办【anting-2024:4】.",
);
const TEAM = turn("安亭区有没有法律服务团？", "有，安亭区组建公益律师服务团，为企业提供法律体检【anting-2024:6】。");

const onCitedClause = (question: string, history: ReturnType<typeof turn>) => {
  const u = understand(question, history, PLANS);
  expect(u.followupOf).toMatchObject({ clauses: [history[1]!.content.match(/【(.+?)】/)![1]], inherited: true });
  expect(u.districts).toEqual(["安亭区"]);
  return u;
};

describe("an aspect of the topic just discussed, in words of its own", () => {
  const cases: [string, ReturnType<typeof turn>][] = [
    ["What about the processing time?", EN],
    ["And the fees?", EN],
    ["What about the eligibility requirements?", EN],
    ["what about the cost?", EN],
    ["What materials do we need?", EN],
    ["费用呢？", ZH],
    ["办理时间呢？", ZH],
    ["要准备什么材料？", ZH],
    ["申请条件是什么？", ZH],
    ["收费吗？", ZH],
  ];
  for (const [question, history] of cases)
    it(`reads ${question} as asked of the cited clause`, () => {
      const u = onCitedClause(question, history);
      // The previous topic is what is retrieved (the guarantee), not the aspect word's own clauses.
      expect(u.retrievalText).toMatch(/担保/);
    });

  it("keeps a topic of its own its own: 那注销呢 / What about business deregistration?", () => {
    expect(understand("那注销呢？", ZH, PLANS).followupOf?.inherited).not.toBe(true);
    expect(understand("What about business deregistration?", EN, PLANS).followupOf?.inherited).not.toBe(true);
    expect(understand("What about the interest rate subsidy for first loans?", EN, PLANS).followupOf?.inherited).not.toBe(true);
  });
});

describe("whether a unit takes part in what was just discussed", () => {
  const cases: [string, ReturnType<typeof turn>][] = [
    ["那财政局也参与吗？", ZH],
    ["财政局管不管？", ZH],
    ["税务局也负责吗", ZH],
    ["谁牵头，财政局管不管", ZH],
    ["法院会参与吗", ZH],
    ["Is the finance bureau involved too?", EN],
    ["Does the tax bureau take part as well?", EN],
  ];
  for (const [question, history] of cases)
    it(`reads ${question} as who is responsible for the cited clause`, () => {
      const u = onCitedClause(question, history);
      expect(u.intent).toBe("who");
      // Not a list of everything the unit does.
      expect(u.units).toEqual([]);
      expect(u.retrievalText).toMatch(/担保/);
    });

  it("still lists a unit's measures for 财政局还负责哪些？", () => {
    const u = understand("财政局还负责哪些？", ZH, PLANS);
    expect(u.units).toContain("区财政局");
    expect(u.intent).toBe("unit");
  });
});

describe("an acknowledgement or an aside before the follow-up", () => {
  const cases: [string, ReturnType<typeof turn>, string][] = [
    ["好的，那配合单位是谁？", ZH, "who"],
    ["嗯嗯，那啥时候完成？", ZH, "deadline"],
    ["明白了，谢谢。顺便问下，归哪个局管？", ZH, "who"],
    ["OK, and who leads it?", EN, "who"],
    ["Great, and when is it due?", EN, "deadline"],
    ["Thanks! By the way, which office handles it?", EN, "who"],
  ];
  for (const [question, history, intent] of cases)
    it(`reads ${question} as the follow-up after it`, () => {
      const u = onCitedClause(question, history);
      expect(u.intent).toBe(intent);
    });

  it("leaves thanks that ask nothing as they are (small talk reads them)", () => {
    for (const [q, history] of [
      ["Thanks, that's really helpful.", EN],
      ["好的谢谢，没别的了", ZH],
    ] as const)
      expect(understand(q, history, PLANS).question).toBe(understand(q, [], PLANS).question);
  });
});

describe("a longer question that points back", () => {
  it("reads 他们 as the team just named", () => {
    const u = onCitedClause("他们是哪些人组成的？", TEAM);
    expect(u.retrievalText).toMatch(/法律服务团/);
  });

  it("reads a demonstrative and a noun the answer said (那这个担保基金…, that guarantee fund…)", () => {
    onCitedClause("那这个担保基金怎么申请，要准备什么材料？", ZH);
    expect(onCitedClause("By when is that guarantee fund supposed to be set up?", EN).intent).toBe("deadline");
    onCitedClause("How many companies has that fund helped so far?", EN);
  });

  it("picks the ordinal of a longer English question", () => {
    const two = turn("Who offers loan guarantees?", "Anting【anting-2024:4】 and Jiangwan【jiangwan-2023:7】.");
    const u = understand("the second one — who is responsible for it?", two, PLANS);
    expect(u.followupOf?.clauses).toEqual(["jiangwan-2023:7"]);
  });
});

describe("an answer that cited two districts, narrowed to one", () => {
  const both = turn("哪些区有融资担保？", "安亭区【anting-2024:4】和江湾区【jiangwan-2023:7】都有。");
  it("keeps the named district's cited clause", () => {
    for (const q of ["江湾区的那条谁负责？", "Which office handles Jiangwan's?", "江湾那个具体怎么说"]) {
      const u = understand(q, both, PLANS);
      expect(u.districts).toEqual(["江湾区"]);
      expect(u.followupOf?.clauses).toEqual(["jiangwan-2023:7"]);
    }
  });

  it("drops the cited clauses of a district the follow-up moved away from", () => {
    expect(understand("那江湾区呢？", ZH, PLANS).followupOf).toBeUndefined();
  });
});

describe("asking for more of what was just said", () => {
  const cases: [string, ReturnType<typeof turn>][] = [
    ["能不能再说详细点？", ZH],
    ["具体介绍一下", ZH],
    ["展开讲讲？", ZH],
    ["Can you elaborate?", EN],
    ["Tell me more.", EN],
    ["Could you explain the specifics?", EN],
  ];
  for (const [q, history] of cases) it(`reads ${q} as about the cited clause`, () => onCitedClause(q, history));
});

describe("more ways of asking an aspect or a unit's part", () => {
  it("reads what a figure is counted per as no topic of its own", () => {
    onCitedClause("What about the maximum per company?", EN);
    onCitedClause("And how much for each firm?", EN);
  });
  it("reads 由哪个局负责，财政局吗 as who is responsible for the cited clause", () => {
    const u = onCitedClause("由哪个局负责，财政局吗", ZH);
    expect(u.intent).toBe("who");
  });
});

describe("the script of a follow-up written in characters both scripts share", () => {
  const trad = turn("安亭區融資擔保有甚麼支持？", "設立政策性融資擔保基金【anting-2024:4】。");
  it("keeps to the conversation's Traditional for 多少？ and to Simplified after a Simplified question", () => {
    expect(understand("多少？", trad, PLANS).traditional).toBe(true);
    expect(understand("多少？", ZH, PLANS).traditional).toBe(false);
    // A follow-up in Simplified characters of its own is answered in Simplified.
    expect(understand("那江湾区怎么样？", trad, PLANS).traditional).toBe(false);
  });
});
