import { describe, expect, it } from "vitest";
import { englishTerms } from "../../src/retrieve/english.ts";
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
