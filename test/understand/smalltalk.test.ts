import { describe, expect, it } from "vitest";
import { smalltalkKind } from "../../src/understand/smalltalk.ts";

/** A stand-in for the corpus: these words are plan terms, nothing else is. */
const planWords = ["营业执照", "税务", "licence", "tax"];
const asksPlans = (aside: string) => planWords.some((w) => aside.toLowerCase().includes(w));

describe("smalltalkKind with an aside beside the cue", () => {
  it("keeps a content-free aside small talk when it can tell what the plans hold", () => {
    expect(smalltalkKind("你是谁？是真人在回吗", { asksPlans })).toBe("identity");
    expect(smalltalkKind("What are you, exactly — a bot?", { asksPlans })).toBe("identity");
    expect(smalltalkKind("pls transfer me to a human agent", { asksPlans })).toBe("handoff");
    expect(smalltalkKind("thx, great answer", { asksPlans })).toBe("thanks");
    // Without the check only politeness may stand beside the cue.
    expect(smalltalkKind("你是谁？是真人在回吗")).toBeNull();
  });

  it("treats an aside naming a plan term, or asking a figure, place or time, as a question", () => {
    expect(smalltalkKind("谢谢，营业执照呢", { asksPlans })).toBeNull();
    expect(smalltalkKind("thanks, and the tax one?", { asksPlans })).toBeNull();
    expect(smalltalkKind("谢谢，要几天", { asksPlans })).toBeNull();
    expect(smalltalkKind("thanks — when does it start?", { asksPlans })).toBeNull();
  });

  it("reads what follows a greeting as the request, and a long remainder as a message of its own", () => {
    expect(smalltalkKind("你好，讲个笑话", { asksPlans })).toBeNull();
    expect(smalltalkKind("thanks, could you also write me a short poem about the river and the spring", { asksPlans })).toBeNull();
  });

  it("reads a request to look things up that names nothing as asking what the assistant does", () => {
    expect(smalltalkKind("您好，請問可以幫我查資料嗎？")).toBe("identity");
    expect(smalltalkKind("可以帮我查一下资料吗")).toBe("identity");
    // A thing to look up is a question of its own (answered or refused by the plans).
    expect(smalltalkKind("帮我查一下企业信息公示", { asksPlans })).toBeNull();
    expect(smalltalkKind("帮我查纳税信用等级", { asksPlans })).toBeNull();
  });

  it("reads Cantonese thanks and a greeting to several people, but not a question that follows them", () => {
    expect(smalltalkKind("唔該晒！")).toBe("thanks");
    expect(smalltalkKind("多謝晒，好有用")).toBe("thanks");
    expect(smalltalkKind("大家好，請問在嗎？")).toBe("greeting");
    expect(smalltalkKind("你们好，企业开办要多久？", { asksPlans })).toBeNull();
    expect(smalltalkKind("唔该，电子印章谁负责？", { asksPlans })).toBeNull();
  });

  it("does not read 'ty' inside a word as thanks", () => {
    expect(smalltalkKind("city", { asksPlans })).toBeNull();
  });
});
