import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Jieba } from "@node-rs/jieba";

/**
 * Chinese tokens for the lexical index: jieba words (search mode) plus character bigrams, so a word
 * the dictionary splits differently in a question and in a clause still matches.
 */

export const STOPWORDS = new Set(
  `的 了 和 与 及 或 等 在 是 对 为 由 把 被 将 从 向 于 以 并 也 都 就 还 又 吗 呢 吧 啊 呀 么 我 我们 你 您 他 她 它 这 那 这个 那个 有 没有 什么 哪些 哪个 哪家 怎么 怎样 如何 谁 吗 请问 请 一下 可以 能 能否 是否 是不是 有没有 一些 有关 关于 相关 方面 情况 问题 想 想要 要 需要 办 如果 现在 目前`.split(
    /\s+/,
  ),
);
const PUNCT_RE = /^[\s\p{P}\p{S}]+$/u;
const CJK_RUN_RE = /[\u3400-\u9fff]+/g;

export interface Tokenizer {
  /** Words and `#`-prefixed character bigrams, in order, with repeats (BM25 counts them). */
  tokens(text: string): string[];
  /** Words only (search mode: long words also yield their parts), for the vector features. */
  words(text: string): string[];
  /** Words in precise mode: each character in exactly one word, as a reader would split the text. */
  cut(text: string): string[];
  /** Precise mode without guessing new words: only dictionary words survive as words, the rest falls apart into characters. */
  dictionaryWords(text: string): string[];
}

export function createTokenizer(dictionary: string): Tokenizer {
  const jieba = Jieba.withDict(Buffer.from(dictionary));
  const words = (text: string) =>
    jieba
      .cutForSearch(text.toLowerCase(), true)
      .map((w) => w.trim())
      .filter((w) => w && !PUNCT_RE.test(w) && !STOPWORDS.has(w));
  return {
    words,
    cut: (text) =>
      jieba
        .cut(text.toLowerCase(), true)
        .map((w) => w.trim())
        .filter((w) => w && !PUNCT_RE.test(w) && !STOPWORDS.has(w)),
    dictionaryWords: (text) =>
      jieba
        .cut(text.toLowerCase(), false)
        .map((w) => w.trim())
        .filter((w) => w && !PUNCT_RE.test(w) && !STOPWORDS.has(w)),
    tokens: (text) => [...words(text), ...bigrams(text)],
  };
}

export function bigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(CJK_RUN_RE) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) out.push(`#${run.slice(i, i + 2)}`);
  }
  return out;
}

const require = createRequire(import.meta.url);
let fullDictionary: string | null = null;
/** jieba's bundled dictionary (~350k words): read only while building an index. */
function readFullDictionary(): string {
  fullDictionary ??= readFileSync(require.resolve("@node-rs/jieba/dict.txt"), "utf8");
  return fullDictionary;
}

const USER_TERM_FREQ = 200000;

/**
 * A dictionary for this corpus: every word jieba finds in the texts (with its frequency from the full
 * dictionary) plus the user terms kept whole. Loading it takes milliseconds instead of the ~200 ms of
 * the full dictionary; words outside the corpus cannot match a clause, so nothing is lost.
 */
export function buildDictionary(texts: Iterable<string>, userTerms: string[]): string {
  const full = readFullDictionary();
  const entries = new Map<string, string>();
  for (const line of full.split("\n")) {
    const sp = line.indexOf(" ");
    if (sp > 0) entries.set(line.slice(0, sp), line);
  }
  const terms = [...new Set(userTerms.map((t) => t.trim().toLowerCase()).filter((t) => t && !/\s/.test(t)))];
  const userLines = terms.map((t) => `${t} ${USER_TERM_FREQ} n`);
  const jieba = Jieba.withDict(Buffer.from(full));
  jieba.loadDict(Buffer.from(userLines.join("\n")));
  const vocabulary = new Set<string>();
  for (const text of texts) for (const w of jieba.cutForSearch(text.toLowerCase(), true)) vocabulary.add(w.trim());
  const lines = [...vocabulary].filter((w) => entries.has(w) && !terms.includes(w)).map((w) => entries.get(w)!);
  // Longer words that contain a corpus word (个人所得税 ⊃ 所得税): without them a question's compound would
  // be split into the corpus word and look like a match.
  const known = new Set(lines.map((l) => l.slice(0, l.indexOf(" "))));
  for (const [word, line] of entries) {
    if (known.has(word) || [...word].length < 3 || [...word].length > 6) continue;
    if (hasKnownPart(word, vocabulary)) lines.push(line);
  }
  return [...lines, ...userLines].sort().join("\n") + "\n";
}

function hasKnownPart(word: string, vocabulary: Set<string>): boolean {
  const chars = [...word];
  for (let len = chars.length - 1; len >= 2; len--) {
    for (let i = 0; i + len <= chars.length; i++) if (vocabulary.has(chars.slice(i, i + len).join(""))) return true;
  }
  return false;
}

/**
 * General-language IDF (jieba's idf.txt) of the dictionary's words, as `word idf` lines: how informative a
 * word is in Chinese at large, independent of this corpus.
 */
export function buildGeneralIdf(dictionary: string): string {
  const words = new Set(dictionary.split("\n").map((l) => l.slice(0, l.indexOf(" "))));
  const lines = readFileSync(require.resolve("@node-rs/jieba/idf.txt"), "utf8").split("\n");
  return lines.filter((l) => words.has(l.slice(0, l.indexOf(" ")))).join("\n") + "\n";
}

/** Words jieba's general IDF table lacks are rare (policy terms, compounds): they weigh like the rarest. */
export const RARE_WORD_IDF = 12;

export function parseGeneralIdf(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of text.split("\n")) {
    const sp = line.indexOf(" ");
    if (sp > 0) map.set(line.slice(0, sp), Number(line.slice(sp + 1)));
  }
  return map;
}

/** Unit names, aliases and policy terms that must stay whole words. */
export function readUserTerms(file: URL): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
}
