import { describe, expect, it } from "vitest";
import {
  asksForUnit,
  englishWords,
  headFits,
  joinDistrictSyllables,
  lexicon,
  notATopicHere,
  PhraseMatcher,
  stem,
  unitsByShortName,
} from "../../src/understand/lexicon.ts";
import { understand } from "../../src/understand/understand.ts";

describe("stems of -ize / -ization words", () => {
  it("keeps a -ization word apart from its base, and together with its -ize verb", () => {
    expect(stem("commercialization")).not.toBe(stem("commercial"));
    expect(stem("commercialization")).toBe(stem("commercialize"));
    expect(stem("authorization")).not.toBe(stem("authority"));
    expect(stem("organisation")).toBe(stem("organize"));
  });

  it("keeps -able / -ability words apart from their base too", () => {
    expect(stem("accountability")).not.toBe(stem("account"));
    expect(stem("accountability")).toBe(stem("accountable"));
    expect(stem("sustainable")).toBe(stem("sustainability"));
    const values = lexicon()
      .english.match("open a bank account")
      .flatMap((m) => m.values);
    expect(values).not.toContain("考核评价");
  });

  it("leaves short words ending in -ize alone", () => {
    expect(stem("size")).toBe("size");
    expect(stem("prize")).toBe("prize");
  });
});

describe("a unit's head noun that asks for the unit", () => {
  const at = (text: string, word: string) => {
    const words = englishWords(text);
    return asksForUnit(words, { phrase: stem(word), start: words.indexOf(stem(word)) });
  };

  it("after which / what, or before a verb of being in charge", () => {
    expect(at("Which office handles it?", "office")).toBe(true);
    expect(at("What government agency should I call?", "agency")).toBe(true);
    expect(at("Is the office in charge of permits open?", "office")).toBe(true);
  });

  it("not where the noun is the topic", () => {
    expect(at("Where can I find an office to rent?", "office")).toBe(false);
    expect(at("Is there help with office space?", "office")).toBe(false);
  });

  it("drops the glossary's topic reading only where the noun asks for a unit", () => {
    const topics = (q: string) =>
      lexicon()
        .english.match(q.toLowerCase())
        .filter((m) => !asksForUnit(englishWords(q), m))
        .flatMap((m) => m.values);
    expect(topics("Which office handles it?")).not.toContain("经营场所");
    expect(topics("We need an office near the park")).toContain("经营场所");
  });
});

describe("units named by a short English form", () => {
  it("a head of the unit's own kind, or two of its words, name it", () => {
    expect(unitsByShortName("ask the tax office")).toEqual(["区税务局"]);
    expect(headFits("区税务局", stem("office"))).toBe(true);
  });

  it("one word of its name under a head of another kind does not (a government agency is not 区府办)", () => {
    expect(unitsByShortName("a government agency owes us money")).toEqual([]);
    expect(unitsByShortName("does the government agency pay late?")).toEqual([]);
    expect(unitsByShortName("ask the district government office")).toEqual(["区府办"]);
  });

  it("a unit's name runs back no further than the word asking for it", () => {
    expect(unitsByShortName("rules on freezing of assets, and which agency leads that work?")).toEqual([]);
    expect(headFits("区府办", stem("agency"))).toBe(false);
  });
});

describe("an -ing noun used as a verb", () => {
  const glossaryTopics = (q: string) =>
    lexicon()
      .english.match(q.toLowerCase())
      .filter((m) => !notATopicHere(q, m))
      .flatMap((m) => m.values);

  it("a building is not the act of building", () => {
    expect(stem("building")).not.toBe(stem("build"));
    expect(glossaryTopics("Can we build a factory here?")).not.toContain("商务楼宇");
  });

  it("building with an object after it is the verb, building alone the noun", () => {
    expect(glossaryTopics("Who is in charge of building the service centre?")).not.toContain("商务楼宇");
    expect(glossaryTopics("Is there help for companies in an office building?")).toContain("商务楼宇");
    expect(glossaryTopics("Which building is it in?")).toContain("商务楼宇");
  });
});

describe("words that name the plan itself", () => {
  it("program and scheme are no topic of an English question", () => {
    const u = understand("Are there any programs or schemes?", [], []);
    expect(u.hasTopic).toBe(false);
    expect(u.concepts).toEqual([]);
  });
});

describe("'new' before a phrase that a longer phrase continues", () => {
  const matcher = new PhraseMatcher<string>();
  matcher.add("new business", "企业开办");
  matcher.add("business policy", "涉企政策");
  matcher.add("small business", "中小企业");
  matcher.add("business loan", "贷款");
  const read = (q: string) => matcher.match(q).flatMap((m) => m.values);

  it("describes the longer phrase: new business policies are new policies for business", () => {
    expect(read("Are there new business policies?")).toEqual(["涉企政策"]);
    expect(read("How do I register a new business?")).toEqual(["企业开办"]);
  });

  it("other describing words keep their phrase (small business loans)", () => {
    expect(read("Are there small business loans?")).toContain("中小企业");
  });

  it("a glossary phrase begun by 'new' before a policy noun names no topic there", () => {
    const q = "When will the new company rules be out?";
    const m = lexicon()
      .english.match(q.toLowerCase())
      .find((x) => x.values.includes("企业开办"));
    expect(m).toBeDefined();
    expect(notATopicHere(q, m!)).toBe(true);
  });
});

describe("a district's pinyin written as separate syllables", () => {
  const districts = [
    { district: "东湖区", names: ["东湖区", "东湖"], namesEn: ["donghu"] },
    { district: "江北区", names: ["江北区", "江北"], namesEn: ["jiangbei"] },
  ];

  it("is read as the one word of the district's name", () => {
    expect(joinDistrictSyllables("What does Dong Hu offer?", districts)).toBe("What does Donghu offer?");
    expect(joinDistrictSyllables("in jiang-bei district", districts)).toBe("in jiangbei district");
  });

  it("leaves other words alone", () => {
    expect(joinDistrictSyllables("Does the donation help?", districts)).toBe("Does the donation help?");
    expect(joinDistrictSyllables("Jiang said the bei is new", districts)).toBe("Jiang said the bei is new");
  });

  it("names the district for understanding", () => {
    const plans = [{ id: "donghu-2024", district: "东湖区", title: "东湖区优化营商环境行动方案" }] as never;
    expect(understand("Which patents does Dong Hu fund?", [], plans).districts).toEqual(["东湖区"]);
  });
});
