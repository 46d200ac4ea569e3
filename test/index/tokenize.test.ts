import { describe, expect, it } from "vitest";
import { chunkPlan } from "../../src/chunk/chunk.ts";
import { loadCorpus } from "../../src/ingest/corpus.ts";
import { indexedText, userTerms } from "../../src/index/store.ts";
import { corpusTokenizer, createTokenizer } from "../../src/index/tokenize.ts";

describe("one jieba pass per chunk", () => {
  it("the corpus dictionary cuts every chunk of the fixture plans into the tokens the indexing pass gave", async () => {
    const corpus = await loadCorpus(new URL("../fixtures/plans/", import.meta.url).pathname, {});
    const texts = corpus.plans.flatMap((p) => chunkPlan(p)).map(indexedText);
    expect(texts.length).toBeGreaterThan(100);
    const indexing = corpusTokenizer(userTerms());
    const indexed = texts.map((t) => indexing.tokens(t));
    const serving = createTokenizer(indexing.dictionary());
    const differing = texts.filter((t, i) => serving.tokens(t).join("|") !== indexed[i]!.join("|"));
    expect(differing).toEqual([]);
  });

  it("keeps a dictionary word made of one-character words, so the small dictionary does not guess a new word there", () => {
    const text = "二〇二四年是营商环境改革深化之年，排在第一位的是企业。";
    const indexing = corpusTokenizer([]);
    const tokens = indexing.tokens(text);
    const dictionary = indexing.dictionary();
    expect(createTokenizer(dictionary).tokens(text)).toEqual(tokens);
    expect(tokens).toEqual(expect.arrayContaining(["之", "年"]));
    expect(dictionary).toMatch(/^之年 /m);
    // Without it the small dictionary's HMM joins the two characters into a word the index does not have.
    const without = dictionary.replace(/^之年 .*\n/m, "");
    expect(createTokenizer(without).tokens(text)).not.toEqual(tokens);
  });
});
