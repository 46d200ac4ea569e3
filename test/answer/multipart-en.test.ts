import { describe, expect, it } from "vitest";
import { askingClausesEn } from "../../src/answer/multipart-en.ts";
import { splitQuestion } from "../../src/answer/multipart.ts";

/** English sentences that ask several things, and ones that ask one thing in several clauses (written for this test). */
describe("an English sentence that asks several things", () => {
  it("cuts it where a clause opening like a question follows one that asked", () => {
    expect(
      askingClausesEn("For Anting: how big is the guarantee fund, who runs the fund, and how many training sessions are held a year?"),
    ).toEqual(["For Anting: how big is the guarantee fund", "who runs the fund", "how many training sessions are held a year?"]);
    expect(askingClausesEn("What's the processing time for deregistration, and by when will the e-seal platform be built?")).toEqual([
      "What's the processing time for deregistration",
      "by when will the e-seal platform be built?",
    ]);
    expect(
      splitQuestion("Two things about Jiangwan: how long is the work permit review, and is there a pile-foundation permit?"),
    ).toHaveLength(2);
  });

  it("keeps one question whole: a scene set before it, a list inside it, a short tail", () => {
    for (const q of [
      "In Anting, how quickly is a company registered?",
      "If we self-report a violation, can we get a lighter penalty?",
      "When I register a new company, do I get an e-seal for free?",
      "Do you cover water, power, gas and broadband hookups?",
      "Who handles it, and when?",
      "Do I get a free e-seal, or do I have to buy one?",
      "And by when is it supposed to be up and running?",
    ])
      expect(askingClausesEn(q)).toEqual([q]);
  });

  it("leaves Chinese to the Chinese splitter", () => {
    expect(askingClausesEn("安亭区融资担保有什么支持，谁负责，多久办完？")).toEqual(["安亭区融资担保有什么支持，谁负责，多久办完？"]);
  });
});
