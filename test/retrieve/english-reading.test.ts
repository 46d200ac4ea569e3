import { describe, expect, it } from "vitest";
import { createAssistant } from "../../src/answer/assistant.ts";
import { correctEnglishSpelling, englishTerms } from "../../src/retrieve/english.ts";
import { understand } from "../../src/understand/understand.ts";
import { useFixtureIndex } from "../helpers/fixture.ts";

const fixture = useFixtureIndex();

const read = (q: string) => englishTerms(fixture(), q).map((m) => [m.phrase, m.terms]);
const terms = (q: string) => englishTerms(fixture(), q).flatMap((m) => m.terms);

describe("English words read through CC-CEDICT", () => {
  it("joins two words' senses into the compound the clauses write, in place of each word's dictionary senses", () => {
    expect(read("construction permit")).toContainEqual(["construct permit", ["施工许可"]]);
    // construction's own senses (建设, 施工) are not read beside the compound.
    expect(terms("construction permit")).not.toContain("建设");
    expect(terms("construction")).toContain("建设");
    expect(terms("Who runs the public service platform?")).toContain("公共服务");
  });

  it("takes no topic from the words that ask how fast, or an ordinal", () => {
    expect(terms("How fast can I open a second shop?")).toEqual(["开办"]);
  });
});

describe("English spelling", () => {
  it("corrects a misspelt word to the one known word a single edit away", () => {
    expect(correctEnglishSpelling(fixture(), "How long does company registeration take?")).toBe("How long does company registration take?");
    expect(correctEnglishSpelling(fixture(), "Does the goverment help with bankrupcy?")).toBe("Does the government help with bankruptcy?");
    expect(correctEnglishSpelling(fixture(), "Enviromental approvals")).toBe("Environmental approvals");
  });

  it("leaves names, acronyms, inflections and British spellings as written", () => {
    for (const q of ["Is Anting subsidised for startups?", "WFOE registrations in Jiangwan", "Who licenses organisations?"])
      expect(correctEnglishSpelling(fixture(), q)).toBe(q);
  });

  it("is read before the question's words: a misspelt topic is still the plan term", () => {
    const assistant = createAssistant(fixture(), {});
    const metas = fixture().plans.map((p) => p.meta);
    const asked = "How long does liquidaton take?";
    expect(understand(asked, [], metas).concepts.flat()).not.toContain("注销");
    expect(assistant.understand({ message: asked }).concepts.flat()).toContain("注销");
  });
});
