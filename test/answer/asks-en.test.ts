import { describe, expect, it } from "vitest";
import { asksNationalRules } from "../../src/answer/asks-en.ts";
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
