import { pinyin } from "../ingest/pinyin.ts";
import type { PolicyIndex } from "../index/store.ts";
import { findTerms, lexicon, lookalikes, stopWords } from "../understand/lexicon.ts";
import { generalIdf, generalWordSpans } from "./general.ts";

/**
 * Homophone typos (注消 for 注销, 营业之照 for 营业执照): a run of the question that is not a word of the
 * corpus but sounds like one (toneless pinyin, 模糊音 alike) and shares at least half its characters with it
 * is taken to mean that word.
 */
export interface Correction {
  written: string;
  meant: string;
}

const MIN_LEN = 2;
const MAX_LEN = 4;
/** A typo read by 模糊音 alone spans at least this many characters. */
const FUZZY_MIN_LEN = 3;

const soundsCache = new WeakMap<PolicyIndex, { bySound: Map<string, string[]>; vocabulary: Set<string> }>();

/** The corpus's words and the synonym table's spoken phrases (2–4 characters) by their toneless pinyin, built once per index. */
function corpusSounds(index: PolicyIndex) {
  let entry = soundsCache.get(index);
  if (!entry) {
    const vocabulary = new Set(index.bm25.data.terms.filter((t) => !t.startsWith("#") && /^[\u3400-\u9fff]+$/.test(t)));
    const bySound = new Map<string, string[]>();
    // The spoken phrases the synonym table maps to plan words (商业机密 → 商业秘密) are words a typo may mean too.
    const phrases = lexicon()
      .synonyms.map(([key]) => key)
      .filter((k) => /^[\u3400-\u9fff]+$/.test(k) && !vocabulary.has(k));
    for (const w of [...vocabulary, ...phrases]) {
      const n = [...w].length;
      if (n < MIN_LEN || n > MAX_LEN) continue;
      const key = sound(w);
      const list = bySound.get(key) ?? [];
      list.push(w);
      bySound.set(key, list);
    }
    entry = { bySound, vocabulary };
    soundsCache.set(index, entry);
  }
  return entry;
}

function exactSound(text: string): string {
  return pinyin(text, { toneType: "none", type: "array", v: true }).join(" ");
}

function sound(text: string): string {
  return fuzzySyllables(pinyin(text, { toneType: "none", type: "array", v: true })).join(" ");
}

/**
 * Syllables as many speakers (and every pinyin input method's 模糊音 setting) do not tell them apart:
 * zh/ch/sh as z/c/s, an initial n as l, and the finals ang/eng/ing as an/en/in (破惨 for 破产, 申清 for 申请).
 */
export function fuzzySyllables(syllables: string[]): string[] {
  return syllables.map((y) =>
    y
      .replace(/^([zcs])h/, "$1")
      .replace(/^n(?=[aeiouv])/, "l")
      .replace(/([aei])ng$/, "$1n"),
  );
}

/**
 * Where the question's dictionary words lie in a run (start and end character offsets): a typo is read
 * inside or across whole words, never out of the middle of one (公司想 is not 思想, 能不能集中 is not 能级).
 */
function wordSpans(index: PolicyIndex, run: string): [number, number][] {
  const chars = [...run];
  const covered: boolean[] = chars.map(() => false);
  const spans: [number, number][] = [];
  let cursor = 0;
  for (const w of index.tokenizer.dictionaryWords(run)) {
    const at = run.indexOf(w, cursor);
    if (at < 0) continue;
    const start = [...run.slice(0, at)].length;
    const n = [...w].length;
    if (n >= 2) {
      spans.push([start, start + n]);
      for (let k = start; k < start + n; k++) covered[k] = true;
    }
    cursor = at + w.length;
  }
  // What the corpus dictionary leaves in single characters may still hold general words (具体, 哪些).
  for (let i = 0; i < chars.length; ) {
    if (covered[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < chars.length && !covered[j]) j++;
    for (const [a, b] of generalWordSpans(chars.slice(i, j).join(""))) spans.push([i + a, i + b]);
    i = j;
  }
  return spans;
}

/**
 * Whether a run would cut one of the question's words apart. A word whose part outside the run is only
 * function characters is the typo glued to a particle (员共有: 共有 is 员工 + 有; 期先是: 先是 is 期限 + 是)
 * and may be cut; a word of content characters may not (公司想 is not 思想).
 */
function cutsAWord(spans: [number, number][], start: number, end: number, chars: string[]): boolean {
  const stop = stopWords().zhFunction;
  return spans.some(([a, b]) => {
    if (!(a < end && b > start && (a < start || b > end))) return false;
    const outside = [...chars.slice(a, start), ...chars.slice(Math.max(end, a), b)];
    return !outside.every((c) => stop.has(c));
  });
}

export function homophoneCorrections(index: PolicyIndex, text: string): Correction[] {
  const { bySound, vocabulary } = corpusSounds(index);
  const out: Correction[] = [];
  for (const run of text.match(/[\u3400-\u9fff]+/g) ?? []) {
    const chars = [...run];
    const found: Placed[] = [];
    const exact = pinyin(run, { toneType: "none", type: "array", v: true });
    const syllables = fuzzySyllables(exact);
    if (syllables.length !== chars.length) continue;
    const spans = wordSpans(index, run);
    const stop = stopWords().zh;
    for (let len = MAX_LEN; len >= MIN_LEN; len--) {
      for (let i = 0; i + len <= chars.length; i++) {
        const written = chars.slice(i, i + len).join("");
        // A stop word (一下) is no typo of a corpus word that sounds like it (以下).
        if (
          vocabulary.has(written) ||
          stop.has(written) ||
          out.some((c) => c.written.includes(written)) ||
          cutsAWord(spans, i, i + len, chars)
        )
          continue;
        const candidates = bySound.get(syllables.slice(i, i + len).join(" ")) ?? [];
        for (const meant of candidates) {
          const meantChars = [...meant];
          const same = meantChars.filter((c, k) => c === chars[i + k]).length;
          // One wrong character in a word of two or more: a typo, not a different word that sounds alike; and
          // not a function word doing its job (要等几天 is not 等级, 公司上是 is not 上市).
          const wrong = chars[i + meantChars.findIndex((c, k) => c !== chars[i + k])];
          const grammatical = wrong !== undefined && stop.has(wrong);
          // Alike only by 模糊音: a word of the language as written is meant as written (开张 is not 开展), and
          // two characters are too few to tell a typo from another word (住建 is not 组建; 破惨案件 is 破产案件).
          const fuzzyOnly = exactSound(meant) !== exact.slice(i, i + len).join(" ");
          if (fuzzyOnly && (len < FUZZY_MIN_LEN || generalIdf(written) !== undefined)) continue;
          if (same >= Math.ceil(len / 2) && same === len - 1 && !grammatical && !text.includes(meant)) {
            const c = { written, meant };
            out.push(c);
            found.push({ c, start: i, end: i + len });
          }
        }
      }
    }
    for (const c of overlapLosers(chars, found)) out.splice(out.indexOf(c), 1);
  }
  return out;
}

interface Placed {
  c: Correction;
  start: number;
  end: number;
}

/**
 * Of two readings that share a character (开公思: 开工|思 or 开|公司), the one whose corrected text reads as
 * the likelier words wins: the smaller sum of general-language IDF over the meant word and the characters
 * left beside it in the two readings' span (开 + 公司 is commoner Chinese than 开工 + 思).
 */
function overlapLosers(chars: string[], found: Placed[]): Correction[] {
  const losers = new Set<Correction>();
  const cost = (p: Placed, from: number, to: number) => {
    let sum = generalIdf(p.c.meant) ?? RARE_IDF;
    for (let k = from; k < to; k++) if (k < p.start || k >= p.end) sum += generalIdf(chars[k]!) ?? RARE_IDF;
    return sum;
  };
  for (const a of found)
    for (const b of found) {
      if (a === b || losers.has(a.c) || losers.has(b.c) || a.start >= b.end || b.start >= a.end) continue;
      if (a.start === b.start && a.end === b.end) continue;
      const [from, to] = [Math.min(a.start, b.start), Math.max(a.end, b.end)];
      losers.add(cost(a, from, to) <= cost(b, from, to) ? b.c : a.c);
    }
  return [...losers];
}

/** The weight of a word or character the general IDF table lacks (the table's rarest are about 14). */
const RARE_IDF = 14;

/**
 * Look-alike typos (形近字: 货款 for 贷款 when 货款 is no word, 营业执熙 for 营业执照): a run of the
 * question that is no word of the corpus nor of the general dictionary, with one character swapped for
 * a look-alike (data/lookalikes.json), is taken to mean that corpus word. Like homophones, it is read
 * inside or across whole words and never swaps a stop word.
 */
export function lookalikeCorrections(index: PolicyIndex, text: string): Correction[] {
  const { vocabulary } = corpusSounds(index);
  const similar = lookalikes();
  const stop = stopWords().zh;
  const out: Correction[] = [];
  for (const run of text.match(/[\u3400-\u9fff]+/g) ?? []) {
    const chars = [...run];
    const spans = wordSpans(index, run);
    for (let len = MAX_LEN; len >= MIN_LEN; len--) {
      for (let i = 0; i + len <= chars.length; i++) {
        const written = chars.slice(i, i + len).join("");
        if (vocabulary.has(written) || stop.has(written) || generalIdf(written) !== undefined) continue;
        if (out.some((c) => c.written.includes(written)) || cutsAWord(spans, i, i + len, chars)) continue;
        for (let k = i; k < i + len; k++) {
          if (stop.has(chars[k]!)) continue;
          for (const alike of similar.get(chars[k]!) ?? []) {
            const meant = [...chars.slice(i, k), alike, ...chars.slice(k + 1, i + len)].join("");
            if (vocabulary.has(meant) && !text.includes(meant) && !out.some((c) => c.meant === meant)) out.push({ written, meant });
          }
        }
      }
    }
  }
  return out;
}

/** Homophone and look-alike typos together (a run corrected as a homophone is not read again as a look-alike). */
export function typoCorrections(index: PolicyIndex, text: string): Correction[] {
  const sounds = homophoneCorrections(index, text);
  const looks = lookalikeCorrections(index, text).filter(
    (l) => !sounds.some((s) => s.written.includes(l.written) || l.written.includes(s.written)),
  );
  return [...sounds, ...looks];
}

/** The text as meant: each typo's written run replaced by the word it stands for. */
export function correctedText(text: string, corrections: Correction[]): string {
  let out = text;
  for (const c of [...corrections].sort((a, b) => b.written.length - a.written.length)) out = out.split(c.written).join(c.meant);
  return out;
}

/**
 * Spoken phrases (synonyms.json keys) that only the corrected text says (开公思 → 开公司 → 企业开办): the
 * typo hid a colloquial phrase the table maps to the plans' words. Each comes with the corrections inside it.
 */
export function synonymsThroughTypos(
  text: string,
  corrections: Correction[],
): { key: string; value: string[]; corrections: Correction[] }[] {
  if (!corrections.length) return [];
  const corrected = correctedText(text, corrections);
  const before = new Set(findTerms(text, lexicon().synonyms).map((f) => f.key));
  return findTerms(corrected, lexicon().synonyms)
    .filter((f) => !before.has(f.key) && !text.includes(f.key))
    .map((f) => ({ ...f, corrections: corrections.filter((c) => f.key.includes(c.meant)) }))
    .filter((f) => f.corrections.length > 0);
}
