import { describe, expect, it } from "vitest";
import { classifyIntent } from "../../src/understand/intent.ts";

describe("deadline and unit-list phrasings", () => {
  it.each([
    ["智能审批啥时候弄完", "zh"],
    ["联合验收这项任务什么时候之前完成", "zh"],
    ["企业码几月份上线", "zh"],
    ["When will the smart approval go live?", "en"],
    ["By what date must the one-stop window be in place?", "en"],
    ["联合报装的时间表", "zh"],
    ["联合报装年底前能完成吗", "zh"],
    ["线上办理率什么时候达到70%", "zh"],
    ["What's the timeline for the joint utility connection?", "en"],
    ["Will the joint connection be finished by the end of 2024?", "en"],
  ] as const)("%s asks when a measure is due", (q, lang) => {
    expect(classifyIntent(q, lang, 0, 1)).toBe("deadline");
  });

  it("keeps how long a service takes a figure, not a deadline", () => {
    expect(classifyIntent("企业开办要多长时间", "zh", 0, 1)).toBe("target");
  });

  it.each([
    "司法局牵头或者参与的任务都有哪些",
    "司法局都负责些啥",
    "新闻办牵头的有哪几条",
    "税务局 哪些条",
    "商务委负责的事项",
    "府办 牵头的事",
    "法院的活",
    "司法局配合的工作",
    "科委负责几条",
    "发改局牵头几项",
    "政务服务中心 牵头",
  ])("%s asks for a named unit's measures", (q) => {
    expect(classifyIntent(q, "zh", 1, 0)).toBe("unit");
  });

  it("asks who leads a measure, not for a unit's list, when the which-word asks for a unit", () => {
    expect(classifyIntent("电子印章由哪个部门牵头", "zh", 0, 0)).toBe("who");
    expect(classifyIntent("司法局牵头的任务什么时候完成", "zh", 1, 0)).not.toBe("unit");
    // A unit named beside a topic of the clause's own is no list: 电子印章的事 asks about e-seals.
    expect(classifyIntent("市场监管局负责的电子印章什么时候发", "zh", 1, 0)).not.toBe("unit");
  });
});

describe("English unit-list phrasings", () => {
  it.each([
    "List the measures led by the market regulation bureau",
    "What does the development and reform bureau lead?",
    "Which tasks does the big data center support?",
    "How many measures does the tax bureau have?",
  ])("%s asks for a named unit's measures", (q) => {
    expect(classifyIntent(q, "en", 1, 0)).toBe("unit");
  });
});

describe("a unit's share of the plan in more words", () => {
  it.each([
    ["区财政局在方案里分到哪些活？", "zh"],
    ["住建局今年主要抓哪些事", "zh"],
    ["人社局管哪几件事", "zh"],
    ["区商务委手上有哪些活儿", "zh"],
    ["区司法局 任务", "zh"],
    ["List what the commerce bureau is in charge of under the plan.", "en"],
    ["What does the finance bureau have to deliver under this plan?", "en"],
    ["What is the tax bureau on the hook for?", "en"],
    ["Commerce bureau – responsibilities in this plan?", "en"],
    ["List everything the service centre is leading.", "en"],
  ] as const)("reads %s as asking for the unit's measures", (q, lang) => {
    expect(classifyIntent(q.toLowerCase(), lang, 1, 0)).toBe("unit");
  });

  it("needs a unit named: without one the same words ask who, or something general", () => {
    expect(classifyIntent("企业开办有哪些事要办", "zh", 0, 0)).not.toBe("unit");
    expect(classifyIntent("who is in charge of business registration?", "en", 0, 0)).toBe("who");
    // A unit named and asked about one matter is not asked for its list.
    expect(classifyIntent("is the tax bureau in charge of tax refunds?", "en", 1, 0)).not.toBe("unit");
  });
});
