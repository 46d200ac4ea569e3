import { beforeAll, describe, expect, it } from "vitest";
import { type Assistant, createAssistant } from "../../src/answer/assistant.ts";
import { useFixtureIndex } from "../helpers/fixture.ts";

const fixture = useFixtureIndex();
let assistant: Assistant;
beforeAll(() => {
  assistant = createAssistant(fixture());
});

const exchange = (q: string, a: string) => [
  { role: "user" as const, content: q },
  { role: "assistant" as const, content: a },
];

describe("follow-ups answered from the clause the previous answer cited", () => {
  const history = exchange("安亭区融资担保有什么支持？", "安亭区设立政策性融资担保基金，为中小微企业提供贷款担保【anting-2024:4】。");

  it("names the cited clause's supporting unit for 那配合单位是谁？", async () => {
    const a = await assistant.ask({ message: "那配合单位是谁？", history });
    expect(a.status).toBe("answered");
    expect(a.citations[0]!.id).toBe("anting-2024:4");
    expect(a.answer).toContain("区财政局");
  });

  it("reads a measure the answer names in prose, in the district it names", async () => {
    // The previous question alone would retrieve measure 1 (企业开办…电子印章); the answer cited measure 2.
    const prose = exchange("企业开办有什么便利？", "根据《安亭区优化营商环境若干措施》第2条，建设区电子印章公共服务平台。");
    const a = await assistant.ask({ message: "那这个是哪个部门负责的？", history: prose });
    expect(a.citations[0]!.id).toBe("anting-2024:2");
    expect(a.answer).toContain("区科委");
  });

  it("reads a short question as one about the cited clause, not about the plan, and checks it against that clause", async () => {
    const seal = exchange(
      "安亭区电子印章能在哪里用？",
      "企业开办时免费发放电子印章，实现电子印章在税务、银行等领域互认【anting-2024:1】。",
    );
    // Alone, 多少个领域 asks about the plan's outline; after this answer it asks a count the cited clause does not state.
    const alone = await assistant.ask({ message: "安亭区方案有多少个领域？", history: [] });
    expect(alone.citations[0]?.kind).toBe("plan");
    const a = await assistant.ask({ message: "多少个领域？", history: seal });
    expect(a.status).toBe("not_found");
    const training = exchange("安亭区有上市培训吗？", "有，安亭区组织企业上市培训【anting-2024:5】。");
    const b = await assistant.ask({ message: "每年多少场？", history: training });
    expect(b.citations[0]!.id).toBe("anting-2024:5");
    expect(b.answer).toContain("10场");
  });
});

describe("follow-ups with words of their own, answered from the cited clause", () => {
  const seal = exchange("安亭区开公司有电子印章吗？", "企业开办时免费发放电子印章【anting-2024:1】。");
  const guarantee = exchange("安亭区融资担保有什么支持？", "安亭区设立政策性融资担保基金【anting-2024:4】。");

  it("reads 哪个部门发？ after a clause that hands something out as who hands it out, not who issued the plan", async () => {
    const a = await assistant.ask({ message: "哪个部门发？", history: seal });
    expect(a.citations[0]!.id).toBe("anting-2024:1");
    expect(a.answer).toContain("区市场监管局");
    // The plan's issuer is still what 这个文件是哪个部门发的 asks (this plan's text names none).
    const doc = await assistant.ask({ message: "这个文件是哪个部门发的？", history: seal });
    expect(doc.answer).toContain("没有写明印发单位");
  });

  it("answers whether a unit takes part from the cited clause's units", async () => {
    const a = await assistant.ask({ message: "那税务局也参与吗？", history: seal });
    expect(a.citations[0]!.id).toBe("anting-2024:1");
    expect(a.answer).toContain("区税务局");
    const b = await assistant.ask({ message: "Is the finance bureau involved too?", history: guarantee });
    expect(b.citations[0]!.id).toBe("anting-2024:4");
    expect(b.answer).toContain("区财政局");
  });

  it("sets an acknowledgement aside and answers the follow-up after it", async () => {
    const a = await assistant.ask({ message: "好的，那配合单位是谁？", history: guarantee });
    expect(a.citations[0]!.id).toBe("anting-2024:4");
    expect(a.answer).toContain("区财政局");
    const thanks = await assistant.ask({ message: "好的，谢谢", history: guarantee });
    expect(thanks.status).toBe("smalltalk");
  });
});

describe("the last question again, of another district, in two sentences", () => {
  it("answers 那江湾区的呢？也有类似的措施吗 as one question about the previous topic in Jiangwan", async () => {
    const talent = exchange("安亭区电子印章平台建设有什么措施？", "建设区电子印章公共服务平台【anting-2024:2】。");
    // Without a conversation to continue there is no topic to carry: two parts, or said not to be covered.
    const alone = await assistant.ask({ message: "那江湾区的呢？也有类似的措施吗", history: [] });
    expect(/^1\./m.test(alone.answer) || alone.status === "not_found").toBe(true);
    const a = await assistant.ask({ message: "那江湾区的呢？也有类似的措施吗", history: talent });
    expect(a.answer).not.toMatch(/^1\./m);
    expect(a.citations.every((c) => c.id.startsWith("jiangwan-2023"))).toBe(true);
  });
});

describe("an English question asking several things", () => {
  it("is answered part by part, each part cited", async () => {
    const a = await assistant.ask({
      message: "For Anting: how long does a simple deregistration take, and how big is the policy guarantee fund supposed to be?",
    });
    expect(a.answer).toMatch(/^1\./m);
    expect(a.citations.map((c) => c.id)).toEqual(expect.arrayContaining(["anting-2024:3", "anting-2024:4"]));
  });

  it("refuses a question about China's national rules whole, not its second half alone", async () => {
    const a = await assistant.ask({
      message: "What's the corporate income tax rate in China, and is there a reduced rate for small firms?",
    });
    expect(a.status).toBe("not_found");
    expect(a.answer).not.toMatch(/^1\./m);
  });
});
