import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Jieba } from "@node-rs/jieba";
import { stopWords } from "../understand/lexicon.ts";

/**
 * Chinese tokens for the lexical index: jieba words (search mode) plus character bigrams, so a word
 * the dictionary splits differently in a question and in a clause still matches.
 */

/** Function words are not indexed (the one stop-word list, src/data/stopwords.json). */
export const STOPWORDS = stopWords().zhFunction;
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

/** jieba's words without blanks, punctuation and function words. */
function cleanWords(raw: string[]): string[] {
  const out: string[] = [];
  for (const w of raw) {
    const t = w.trim();
    if (t && !PUNCT_RE.test(t) && !STOPWORDS.has(t)) out.push(t);
  }
  return out;
}

export function createTokenizer(dictionary: string): Tokenizer {
  const jieba = Jieba.withDict(Buffer.from(dictionary));
  const words = (text: string) => cleanWords(jieba.cutForSearch(text.toLowerCase(), true));
  return {
    words,
    cut: (text) => cleanWords(jieba.cut(text.toLowerCase(), true)),
    dictionaryWords: (text) => cleanWords(jieba.cut(text.toLowerCase(), false)),
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
 * Never in a text (private-use characters): its dictionary line carries the frequency of the full
 * dictionary's words the corpus lacks, so the corpus dictionary's total is the full one's and jieba scores
 * every corpus word as the full dictionary does (a smaller total would favour splitting words apart).
 */
const MASS_WORD = "\u{F8FF}\u{F8FE}\u{F8FD}\u{F8FC}";

const lineFreq = (line: string) => Number(line.split(" ")[1]) || 0;

/**
 * Tokenizes the chunks of a build in one jieba pass: each text is cut once with the full dictionary (plus
 * the user terms kept whole), its tokens go to the index, and its words to the corpus vocabulary. The
 * dictionary made from that vocabulary (`dictionary()`) cuts every corpus text into the same words as the
 * full dictionary did (same words, same frequencies, same total), so questions at serving time, cut with
 * the small dictionary, meet the tokens the index was built from.
 */
export function corpusTokenizer(userTerms: string[]): { tokens(text: string): string[]; dictionary(): string } {
  const full = readFullDictionary();
  const entries = new Map<string, string>();
  for (const line of full.split("\n")) {
    const sp = line.indexOf(" ");
    if (sp > 0) entries.set(line.slice(0, sp), line);
  }
  const terms = new Set(userTerms.map((t) => t.trim().toLowerCase()).filter((t) => t && !/\s/.test(t)));
  for (const t of terms) entries.set(t, `${t} ${USER_TERM_FREQ} n`);
  const jieba = Jieba.withDict(Buffer.from([...entries.values()].join("\n")));
  const vocabulary = new Set<string>();
  return {
    tokens(text) {
      const raw = jieba.cutForSearch(text.toLowerCase(), true);
      for (const w of raw) vocabulary.add(w.trim());
      for (const run of singleCharRuns(raw)) if (entries.has(run)) vocabulary.add(run);
      return [...cleanWords(raw), ...bigrams(text)];
    },
    dictionary: () => corpusDictionary(entries, terms, vocabulary),
  };
}

/** Characters jieba cuts as one block (its default han pattern): a run of single characters never crosses others. */
const JIEBA_BLOCK_CHAR = /^[\u4E00-\u9FD5a-zA-Z0-9+#&._%-]$/u;

/**
 * Runs of consecutive one-character words in jieba's output. jieba cuts such a run with its HMM unless the
 * run is itself a dictionary word; the corpus dictionary must keep those words, or it would cut the run
 * differently from the full dictionary (之年 is a word: 之|年 stays apart).
 */
function singleCharRuns(words: string[]): string[] {
  const runs: string[] = [];
  let run = "";
  let count = 0;
  for (const w of words) {
    if (w.length === 1 && JIEBA_BLOCK_CHAR.test(w)) {
      run += w;
      count++;
      continue;
    }
    if (count > 1) runs.push(run);
    run = "";
    count = 0;
  }
  if (count > 1) runs.push(run);
  return runs;
}

function corpusDictionary(entries: Map<string, string>, terms: Set<string>, vocabulary: Set<string>): string {
  const kept = new Set<string>(terms);
  for (const w of vocabulary) if (entries.has(w)) kept.add(w);
  // Longer words that contain a corpus word (个人所得税 ⊃ 所得税): without them a question's compound would
  // be split into the corpus word and look like a match.
  for (const word of entries.keys()) {
    // word.length counts UTF-16 units: ≥ the characters, ≤ twice them.
    if (word.length < 3 || word.length > 12 || kept.has(word)) continue;
    const length = /[\uD800-\uDFFF]/.test(word) ? [...word].length : word.length;
    if (length < 3 || length > 6) continue;
    if (hasKnownPart(word, vocabulary)) kept.add(word);
  }
  const lines = [...kept].map((w) => entries.get(w)!);
  let fullTotal = 0;
  for (const line of entries.values()) fullTotal += lineFreq(line);
  const keptTotal = lines.reduce((sum, line) => sum + lineFreq(line), 0);
  if (fullTotal > keptTotal) lines.push(`${MASS_WORD} ${fullTotal - keptTotal} x`);
  return lines.sort().join("\n") + "\n";
}

/** The corpus dictionary of some texts (one corpusTokenizer pass over them). */
export function buildDictionary(texts: Iterable<string>, userTerms: string[]): string {
  const tokenizer = corpusTokenizer(userTerms);
  for (const text of texts) tokenizer.tokens(text);
  return tokenizer.dictionary();
}

function hasKnownPart(word: string, vocabulary: Set<string>): boolean {
  // Words of the Basic Multilingual Plane (nearly all) are sliced as strings; others by code point.
  const chars = /[\uD800-\uDFFF]/.test(word) ? [...word] : null;
  const n = chars ? chars.length : word.length;
  for (let len = n - 1; len >= 2; len--) {
    for (let i = 0; i + len <= n; i++) {
      if (vocabulary.has(chars ? chars.slice(i, i + len).join("") : word.slice(i, i + len))) return true;
    }
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
