import { describe, expect, it } from "vitest";
import { asksNationalRules, FACETS_EN } from "../../src/answer/asks-en.ts";
import { askedQuantity } from "../../src/answer/scope.ts";
import { createAssistant } from "../../src/answer/assistant.ts";
import { useFixtureIndex } from "../helpers/fixture.ts";

const fixture = useFixtureIndex();

describe("an English question about China as a whole", () => {
  it("is one about national rules: in / to China, Chinese law, nationwide", () => {
    expect(asksNationalRules("What's the corporate income tax rate in China?")).toBe(true);
    expect(asksNationalRules("How do I apply for a tourist visa to China?")).toBe(true);
    expect(asksNationalRules("Is an e-seal valid under Chinese law?")).toBe(true);
    // Entering China, or a park named after it, asks about no national rule.
    expect(asksNationalRules("Any programs for Israeli startups wanting to enter China?")).toBe(false);
    expect(asksNationalRules("Our startup sits in the China-Israel innovation park.")).toBe(false);
  });

  it("is refused although it shares words with a clause, unless it names a covered district", async () => {
    const assistant = createAssistant(fixture(), {});
    const national = await assistant.ask({ message: "How long does company deregistration take in China?" });
    expect(national.status).toBe("not_found");
    expect(national.citations).toEqual([]);
    // The widget's district does not make a national question a district's.
    expect((await assistant.ask({ message: "How long does company deregistration take in China?", district: "安亭区" })).status).toBe(
      "not_found",
    );
    const district = await assistant.ask({ message: "How long does company deregistration take in Anting, China?" });
    expect(district.status).toBe("answered");
    expect(district.citations[0]?.id).toBe("anting-2024:3");
  });
});

describe("the figure an English question asks for", () => {
  it("reads a money word before rate as a share, and What's as what is", () => {
    expect(askedQuantity("What's the max guarantee fee rate for policy loans?")).toBe("share");
    expect(askedQuantity("Guarantee fee rate for small firms?")).toBe("share");
    expect(askedQuantity("What's the maximum grant for a new firm?")).toBe("money");
    expect(askedQuantity("What's the approval rate target?")).toBe("share");
  });

  it("takes a figure with 以下 or 以内 as the ceiling a maximum asks for", () => {
    const [asked, stated] = FACETS_EN[0]!;
    expect(asked.test("What is the max fee for a guarantee?")).toBe(true);
    expect(stated.test("担保费率降至1%以下")).toBe(true);
    expect(stated.test("补贴控制在50万元以内")).toBe(true);
    expect(stated.test("降低担保费率")).toBe(false);
  });
});
