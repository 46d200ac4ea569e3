import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { loadQuestions } from "../../eval/questions.ts";
import { NON_TOPIC_WORDS } from "../../src/retrieve/concepts.ts";
import { STOPWORDS } from "../../src/index/tokenize.ts";
import { englishWords } from "../../src/understand/lexicon.ts";

/**
 * The vocabulary tables must hold general vocabulary, not pieces of the eval questions: an entry made to
 * rescue one question makes the figures lie about questions nobody has seen.
 */

const read = (name: string) => JSON.parse(readFileSync(new URL(`../../src/data/${name}`, import.meta.url), "utf8"));
const synonyms: Record<string, string[]> = read("synonyms.json").terms;
const glossary: { en: string[]; zh: string[] }[] = read("glossary.json").terms;
const evalDir = new URL("../../eval/", import.meta.url);
const questionFiles = (dir: URL) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .map((f) => new URL(f, dir).pathname);
// The seed sets and the sets written from the fixture plans (eval/fixture-plans/).
const questions = [...questionFiles(evalDir), ...questionFiles(new URL("fixture-plans/", evalDir))]
  .flatMap((f) => loadQuestions(f))
  .map((q) => q.question);
const planTexts = (dir: URL, ext: RegExp) =>
  readdirSync(dir)
    .filter((f) => ext.test(f) && f !== "README.md")
    .map((f) => readFileSync(new URL(f, dir), "utf8"));
const plans = [
  ...planTexts(new URL("../../corpus/", import.meta.url), /\.txt$/),
  ...planTexts(new URL("../fixtures/plans/", import.meta.url), /\.(txt|md|html)$/),
].join("\n");
const dictionary = new Set(
  readFileSync(createRequire(import.meta.url).resolve("@node-rs/jieba/dict.txt"), "utf8")
    .split("\n")
    .map((l) => l.slice(0, l.indexOf(" "))),
);
const questionWordsEn = questions.map((q) => ` ${englishWords(q).join(" ")} `);

/** Question words and particles: a vocabulary entry holding one is a piece of a question. */
const QUESTION_ZH = /什么|哪|怎么|吗|呢|吧|如何|多少|能不能|有没有|请问/;
const QUESTION_EN = /(?<![\w-])(?:what|how|which|who|where|can i|do i|is there)(?![\w-])/;

/** A long phrase found verbatim in an eval question and not in the plans is that question's wording. */
const LONG_ZH = 5;
const LONG_EN = 4;

function copiedChinese(key: string): boolean {
  return QUESTION_ZH.test(key) || ([...key].length >= LONG_ZH && !plans.includes(key) && questions.some((q) => q.includes(key)));
}

describe("vocabulary tables hold no eval question's wording", () => {
  it("synonym keys are words, not question fragments", () => {
    expect(Object.keys(synonyms).filter(copiedChinese)).toEqual([]);
  });

  it("glossary phrases are terms, not question fragments", () => {
    const copied = glossary.flatMap((t) =>
      t.en.filter((en) => {
        const words = englishWords(en);
        if (QUESTION_EN.test(en.toLowerCase()) && words.length > 1) return true;
        if (words.length < LONG_EN) return false;
        // A translation of a plan term may be long; a phrase whose Chinese is not in the plans is not one.
        const planTerm = t.zh.every((zh) => plans.includes(zh));
        return !planTerm && questionWordsEn.some((q) => q.includes(` ${words.join(" ")} `));
      }),
    );
    expect(copied).toEqual([]);
  });

  it("stop words are dictionary words or two-character function words, not question fragments", () => {
    const fragments = [...NON_TOPIC_WORDS, ...STOPWORDS].filter((w) => [...w].length > 2 && !dictionary.has(w));
    expect(fragments).toEqual([]);
  });

  it("would catch a copied entry and lets plan terms and plain words pass", () => {
    const q = questions.find((x) => [...x].length > 8 && !plans.includes(x.slice(0, 7)))!;
    expect(copiedChinese([...q].slice(0, 7).join(""))).toBe(true);
    expect(copiedChinese("有什么办法")).toBe(true);
    expect(copiedChinese("电子印章")).toBe(false);
    expect(copiedChinese("注销")).toBe(false);
  });
});
