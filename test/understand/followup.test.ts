import { describe, expect, it } from "vitest";
import { anchoredClauses, citedClauses, ordinalPick, withoutExclusion } from "../../src/understand/followup.ts";
import { understand } from "../../src/understand/understand.ts";
import { TWO_PLANS, turn } from "../helpers/conversation.ts";

const PLANS = TWO_PLANS;

describe("the clauses a previous answer cited", () => {
  it("reads the assistant's markers, and measures named in prose in the plan the answer is about", () => {
    expect(citedClauses("免费发放电子印章【anting-2024:1】【anting-2024:2】。", PLANS, [])).toEqual(["anting-2024:1", "anting-2024:2"]);
    expect(citedClauses("Yes, it does [jiangwan-2023:3].", PLANS, [])).toEqual(["jiangwan-2023:3"]);
    expect(citedClauses("根据安亭区若干措施第四条，设立融资担保基金。", PLANS, [])).toEqual(["anting-2024:4"]);
    expect(citedClauses("Under Task 4 of the plan, a guarantee fund is set up.", PLANS, ["安亭区"])).toEqual(["anting-2024:4"]);
  });

  it("names no clause when it cannot tell which plan a measure number belongs to", () => {
    expect(citedClauses("第4条提出设立融资担保基金。", PLANS, [])).toEqual([]);
  });
});

describe("a follow-up keeps the cited clauses", () => {
  const history = turn(
    "安亭区融资担保有什么支持？",
    "根据《安亭区优化营商环境若干措施》第4条，设立政策性融资担保基金，牵头单位为区金融办。",
  );

  it("takes 那配合单位是谁？ for the cited clause's units, not a topic of its own", () => {
    const u = understand("那配合单位是谁？", history, PLANS);
    expect(u.intent).toBe("who");
    expect(u.followup).toBe(true);
    expect(u.districts).toEqual(["安亭区"]);
    expect(u.followupOf).toMatchObject({ clauses: ["anting-2024:4"], inherited: true });
  });

  it("takes 那什么时候完成？ for the cited clause's deadline", () => {
    const u = understand("那什么时候完成？", history, PLANS);
    expect(u.intent).toBe("deadline");
    expect(u.followupOf).toMatchObject({ clauses: ["anting-2024:4"], inherited: true });
  });

  it("anchors a short question of its own only on a cited clause that says most of it", () => {
    const clauses = new Map([["anting-2024:4", { id: "anting-2024:4", text: "设立政策性融资担保基金，为中小微企业提供贷款担保。" }]]);
    const about = understand("小微企业能申请贷款担保吗？", history, PLANS);
    expect(anchoredClauses(about, (id) => clauses.get(id)).map((c) => c.id)).toEqual(["anting-2024:4"]);
    const other = understand("企业注销要多久？", history, PLANS);
    expect(anchoredClauses(other, (id) => clauses.get(id))).toEqual([]);
  });

  it("drops the cited clauses when the follow-up moves to another district", () => {
    const u = understand("那江湾区呢？", history, PLANS);
    expect(u.districts).toEqual(["江湾区"]);
    expect(u.followupOf).toBeUndefined();
  });

  it("leaves the previous district's name behind when the follow-up moves to another district", () => {
    const u = understand("江湾呢？", turn("安亭区企业注销能简化吗", "能，提供套餐式注销服务【anting-2024:7】。"), PLANS);
    expect(u.districts).toEqual(["江湾区"]);
    expect(u.retrievalText).toContain("注销");
    expect(u.retrievalText).not.toContain("安亭");
  });

  it("takes a new condition on the same case (要是…呢, and if…) for the previous topic", () => {
    const zh = understand(
      "要是对方是个人而不是公司呢？",
      turn("安亭区不动产登记能快点吗", "企业间转移登记一个环节办结【anting-2024:5】。"),
      PLANS,
    );
    expect(zh.retrievalText).toContain("不动产登记");
    expect(zh.followupOf).toMatchObject({ clauses: ["anting-2024:5"], inherited: true });
    const en = understand(
      "And if the buyer is a private person rather than a firm?",
      turn("Is property registration fast in Anting?", "Transfers between firms take one step【anting-2024:5】."),
      PLANS,
    );
    expect(en.followupOf).toMatchObject({ clauses: ["anting-2024:5"], inherited: true });
  });

  it("keeps a short question naming no place in the conversation's district, and 啥时候建成 on the cited clause", () => {
    const when = understand("啥时候建成", turn("江湾区审批平台是做什么的？", "建设无感审批平台【jiangwan-2023:2】。"), PLANS);
    expect(when.districts).toEqual(["江湾区"]);
    expect(when.followupOf).toMatchObject({ clauses: ["jiangwan-2023:2"], inherited: true });
    const own = understand("政企恳谈会多久开一次？", history, PLANS);
    expect(own.districts).toEqual(["安亭区"]);
  });

  it("takes 那能在哪用？ (no subject of its own) for the previous topic", () => {
    const u = understand("那能在哪些地方用？", turn("安亭区电子营业执照要钱吗", "免费发放电子营业执照【anting-2024:3】。"), PLANS);
    expect(u.retrievalText).toContain("电子营业执照");
    expect(u.followupOf).toMatchObject({ clauses: ["anting-2024:3"], inherited: true });
  });

  it("reads a follow-up without what it sets aside (除了…，还有…), in the conversation's district", () => {
    expect(withoutExclusion("除了担保基金以外，还有别的融资支持吗？")).toBe("还有别的融资支持吗？");
    expect(withoutExclusion("Besides the guarantee fund, is there other financing support?")).toBe("is there other financing support?");
    expect(withoutExclusion("除了")).toBe("除了");
    const u = understand("除了担保基金，还有别的融资支持吗？", history, PLANS);
    expect(u.retrievalText).not.toContain("担保");
    expect(u.districts).toEqual(["安亭区"]);
  });

  it("starts from the cited clause the follow-up names, among several", () => {
    const clauses = new Map([
      ["anting-2024:8", { id: "anting-2024:8", text: "依托知识产权纠纷调解委员会开展调解。" }],
      ["anting-2024:9", { id: "anting-2024:9", text: "组建知识产权维权志愿者服务队。" }],
    ]);
    const u = understand(
      "这个志愿者服务队由谁组成？",
      turn("安亭区知识产权纠纷怎么办", "依托调解委员会【anting-2024:8】，组建志愿者服务队【anting-2024:9】。"),
      PLANS,
    );
    expect(anchoredClauses(u, (id) => clauses.get(id)).map((c) => c.id)).toEqual(["anting-2024:9", "anting-2024:8"]);
  });
});

describe("a follow-up that picks a cited clause by its place, asks an attribute in English, or moves to a topic", () => {
  const two = turn("安亭区法院负责什么", "网上立案【anting-2024:3】、破产审判【anting-2024:7】。");

  it("reads 第二条 / the second one / 最后那个 as the cited clause in that place, not measure 2", () => {
    const u = understand("第二条是谁负责的？", two, PLANS);
    expect(u.measure).toBeNull();
    expect(u.intent).toBe("who");
    expect(u.units).toEqual([]);
    expect(u.followupOf).toMatchObject({ clauses: ["anting-2024:7"], inherited: true });
    expect(understand("the second one — which office?", two, PLANS).followupOf?.clauses).toEqual(["anting-2024:7"]);
    expect(understand("第一个具体说了什么", two, PLANS).followupOf?.clauses).toEqual(["anting-2024:3"]);
    expect(ordinalPick("最后那条什么时候完成", "zh", 3)).toBe(2);
    expect(ordinalPick("What about the latter?", "en", 2)).toBe(1);
  });

  it("keeps a measure number when there is nothing to pick from, or the number is beyond the cited clauses", () => {
    const one = turn("安亭区融资担保有什么支持？", "设立融资担保基金【anting-2024:4】。");
    expect(understand("第二条是什么？", one, PLANS).measure).toBe(2);
    expect(understand("第五条是什么？", two, PLANS).measure).toBe(5);
    // "first" and "last" on their own are ordinary words.
    expect(ordinalPick("Is first-time registration free?", "en", 2)).toBeNull();
    expect(ordinalPick("What did they do last year?", "en", 2)).toBeNull();
  });

  it("takes an English question made only of attribute words for the previous topic, without the glossary's reading of them", () => {
    const u = understand("which office again?", turn("Does Anting give free e-seals?", "Yes【anting-2024:1】."), PLANS);
    expect(u.followup).toBe(true);
    expect(u.followupOf).toMatchObject({ clauses: ["anting-2024:1"], inherited: true, ownTopic: "" });
    expect(understand("Who leads it?", turn("Does Anting give free e-seals?", "Yes【anting-2024:1】."), PLANS).followupOf?.inherited).toBe(
      true,
    );
  });

  it("does not anchor a bare new topic on a cited clause that only lists it, while a question asking of it stays", () => {
    const clauses = new Map([["anting-2024:1", { id: "anting-2024:1", text: "电子印章在市场监管、税务、人社等领域的应用。" }]]);
    const history = turn("安亭开公司送电子印章吗", "送的【anting-2024:1】。");
    const widelyShared = () => 6;
    const bare = understand("税务方面呢？", history, PLANS);
    expect(anchoredClauses(bare, (id) => clauses.get(id), widelyShared)).toEqual([]);
    // The same word in one clause only is the cited clause's own.
    expect(
      anchoredClauses(
        bare,
        (id) => clauses.get(id),
        () => 1,
      ).map((c) => c.id),
    ).toEqual(["anting-2024:1"]);
    const asks = understand("税务领域有哪些？", history, PLANS);
    expect(anchoredClauses(asks, (id) => clauses.get(id), widelyShared).map((c) => c.id)).toEqual(["anting-2024:1"]);
  });
});

describe("a follow-up on one clause of a unit's list", () => {
  it("asks about that clause (破产那条具体说了啥), not for the unit's list again", () => {
    const u = understand(
      "破产那条具体说了啥？",
      turn("安亭区法院负责什么", "网上立案【anting-2024:3】、破产审判【anting-2024:7】。"),
      PLANS,
    );
    expect(u.intent).not.toBe("unit");
    expect(u.units).toEqual([]);
    expect(u.followupOf?.inherited).toBe(true);
  });
});

describe("a follow-up whose own topic starts like a back-reference", () => {
  it("reads 那项目审批呢 as a new topic (项目), not as 那项 (that measure) with the old clause", () => {
    const history = turn("安亭区企业开办要多长时间？", "企业开办1个工作日办结【anting-2024:8】。");
    const u = understand("那项目审批呢？", history, PLANS);
    expect(u.followupOf?.inherited ?? false).toBe(false);
    expect(u.retrievalText).not.toContain("企业开办");
    // 那项 as a back-reference still keeps the topic.
    expect(understand("那项措施什么时候完成？", history, PLANS).followupOf?.inherited).toBe(true);
  });
});
