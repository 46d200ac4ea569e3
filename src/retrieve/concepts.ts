import type { PolicyIndex } from "../index/store.ts";
import { RARE_WORD_IDF } from "../index/tokenize.ts";
import { districtNames, findTerms, lexicon, stopWords } from "../understand/lexicon.ts";
import { spokenFigureMatches, type Understanding } from "../understand/understand.ts";
import { generalIdf, generalWordSpans } from "./general.ts";
import { synonymsThroughTypos, typoCorrections } from "./typos.ts";

/**
 * A question's topic as concepts, each a group of alternative terms (a colloquial word with its plan
 * synonyms, or a content word on its own), and how much of it a clause says. Retrieval ranks with it
 * and attaches it to every hit as evidence; refusal and composition decide from that evidence.
 */
export type Concept = string[];

/** Question words that say nothing about the topic (the one stop-word list). */
export const NON_TOPIC_WORDS = stopWords().zh;

export function questionConcepts(index: PolicyIndex, u: Understanding): Concept[] {
  // An English follow-up to a Chinese question has no English concepts: its topic is the Chinese retrieval text.
  if (u.lang === "en" && u.concepts.length) return u.concepts;
  const metas = index.plans.map((p) => p.meta);
  const places = [
    ...districtNames(metas).flatMap((d) => d.names),
    ...metas.flatMap((m) => (m.city ? [m.city, m.city.replace(/市$/, "")] : [])),
  ];
  const synonyms = findTerms(u.retrievalText, lexicon().synonyms);
  let rest = u.retrievalText;
  for (const name of [...synonyms.map((f) => f.key), ...places].sort((a, b) => b.length - a.length)) rest = rest.split(name).join("，");
  const figures = spokenFigureMatches(rest);
  for (const f of figures) rest = rest.split(f.spoken).join("，");
  // A misspelt place (北糖 for 北塘) says where, as the place's name would: no concept (see misspeltDistricts).
  const corrections = typoCorrections(index, rest);
  // A typo may hide a spoken phrase (开公思 is 开公司, 企业开办): the phrase's group stands for the typos in it.
  const spoken = synonymsThroughTypos(rest, corrections);
  const inPhrase = new Set(spoken.flatMap((f) => f.corrections));
  // A typo of a question word (牵投 for 牵头) asks, as the word does: it names no topic.
  const typos = corrections.filter((t) => !places.includes(t.meant) && !inPhrase.has(t) && !NON_TOPIC_WORDS.has(t.meant));
  for (const t of corrections) rest = rest.split(t.written).join("，");
  // Dictionary words only: a run the dictionary does not know (a dialect word, a typo) falls apart into
  // characters instead of becoming a made-up "word" no clause can contain.
  const pieces = index.tokenizer.dictionaryWords(rest);
  // What fell apart may still hold real words the corpus lacks (限购, 医保): they are concepts too; and a
  // word jieba knows in no dictionary but the plans write (文创 of 文创园区) is found as the plans' characters.
  const absent: string[] = [];
  for (const run of uncoveredRuns(rest.toLowerCase(), pieces)) {
    const chars = [...run];
    let from = 0;
    for (const [a, b] of [...generalWordSpans(run), [chars.length, chars.length] as [number, number]]) {
      if (a - from >= 2) absent.push(...corpusFragments(index, chars.slice(from, a).join("")));
      if (b > a) absent.push(chars.slice(a, b).join(""));
      from = b;
    }
  }
  // A code or number of five digits or more (the 12345 hotline) names a thing, as a word does; other
  // figures and Latin fragments are no topic (a figure is matched as spoken, above).
  const words = [...pieces.filter((w) => [...w].length >= 2), ...absent].filter(
    (w) => (/^\d{5,}$/.test(w) || latinName(index, w) || !/^[a-z0-9.%]+$/.test(w)) && !NON_TOPIC_WORDS.has(w),
  );
  const concepts = [
    ...synonyms.map((f) => [f.key, ...f.value]),
    ...spoken.map((f) => [f.key, ...f.value]),
    ...figures.map((f) => [f.spoken, f.written]),
    ...typos.map((t) => [t.written, t.meant]),
    ...[...new Set(words)].map((w) => [w]),
  ];
  // A question that is only a name the plans put in quotes (北塘企业码: 企业 is the asker's word, 码 a
  // character) asks about the thing so named.
  if (concepts.length) return concepts;
  return findTerms(u.retrievalText, quotedNames(index)).map((f) => [f.key]);
}

const namesCache = new WeakMap<PolicyIndex, [string, true][]>();

/**
 * The names the plans put in quotes (“一网通办”, “北塘企业码”), 3 to 12 characters of Chinese (digits inside
 * allowed), longest first, as findTerms entries; built once per index.
 */
function quotedNames(index: PolicyIndex): [string, true][] {
  let names = namesCache.get(index);
  if (!names) {
    const found = new Set<string>();
    for (const c of index.clauses.values())
      for (const m of c.text.matchAll(/[“"「]([\u3400-\u9fff0-9]{3,12})[”"」]/g)) if (/[\u3400-\u9fff]{2}/.test(m[1]!)) found.add(m[1]!);
    names = [...found].sort((a, b) => b.length - a.length).map((n) => [n, true]);
    namesCache.set(index, names);
  }
  return names;
}

/**
 * A Latin name the plans write (5G, RCEP, AI of 北塘5G什么时候全覆盖): a concept as a Chinese word is; a Latin
 * word the plans never write (ok, pls) is none.
 */
function latinName(index: PolicyIndex, word: string): boolean {
  return /^(?=.*[a-z])[a-z0-9]{2,}$/.test(word) && index.bm25.idf(word) < index.bm25.idf("\u{F8FF}");
}

/**
 * The districts a Chinese question names only by a homophone typo (北糖开办企业要多久 for 北塘), when it
 * names none as written: the question is about that district's plans.
 */
export function misspeltDistricts(index: PolicyIndex, u: Understanding): string[] {
  if (u.lang !== "zh" || u.districts.length || u.otherPlaces.length) return [];
  const names = districtNames(index.plans.map((p) => p.meta));
  const meant = new Set(typoCorrections(index, u.retrievalText).map((t) => t.meant));
  return names.filter((d) => d.names.some((n) => meant.has(n))).map((d) => d.district);
}

/** Runs of Chinese characters no multi-character dictionary word of the question covers. */
function uncoveredRuns(text: string, pieces: string[]): string[] {
  const chars = [...text];
  const covered = chars.map((c) => !/[\u3400-\u9fff]/.test(c));
  let cursor = 0;
  for (const p of pieces) {
    const at = text.indexOf(p, cursor);
    if (at < 0) continue;
    cursor = at + p.length;
    const n = [...p].length;
    if (n < 2) continue;
    const start = [...text.slice(0, at)].length;
    for (let k = start; k < start + n; k++) covered[k] = true;
  }
  const runs: string[] = [];
  let run = "";
  for (let k = 0; k <= chars.length; k++) {
    if (k < chars.length && !covered[k]) run += chars[k];
    else {
      if ([...run].length >= 2) runs.push(run);
      run = "";
    }
  }
  return runs;
}

const bigramCache = new WeakMap<PolicyIndex, Set<string>>();

/**
 * Pieces of a run (2–4 characters, longest first) whose every character pair the plans write and that
 * hold no stop word: a word no dictionary has but the plans use (文创) is still the question's topic.
 */
function corpusFragments(index: PolicyIndex, run: string): string[] {
  let bigrams = bigramCache.get(index);
  if (!bigrams) {
    bigrams = new Set(index.bm25.data.terms.filter((t) => t.startsWith("#")));
    bigramCache.set(index, bigrams);
  }
  const stop = stopWords().zh;
  const chars = [...run];
  const out: string[] = [];
  for (let i = 0; i < chars.length; ) {
    let len = Math.min(4, chars.length - i);
    for (; len >= 2; len--) {
      const piece = chars.slice(i, i + len);
      if (piece.some((c) => stop.has(c))) continue;
      if (piece.slice(1).every((c, k) => bigrams.has(`#${piece[k]}${c}`))) break;
    }
    if (len >= 2) {
      out.push(chars.slice(i, i + len).join(""));
      i += len;
    } else i++;
  }
  return out;
}

/** Which of the question's concepts a clause says, and the IDF-weighted share of them (0..1). */
export interface Evidence {
  matched: string[];
  missing: string[];
  /** Weighted by general-language IDF: does the clause say what the question asks? (refusal) */
  strength: number;
  /** Weighted by this corpus's IDF: a concept few clauses have counts most (ranking: a rare exact term wins). */
  coverage: number;
  /** How many matched concepts few clauses of the corpus have (a long spoken question may match two of them and little else). */
  rareMatched: number;
}

/**
 * How the evidence ranks (coverage). A Chinese question's concepts are the asker's own words, fillers among
 * them (实现, 整理, 超过): weighed also by their general-language IDF, a word common in any text counts for
 * less than a term (开办, 研发投入). An English question's concepts are the glossary's plan terms, chosen
 * already, and weigh by their rarity in the plans alone.
 */
export interface EvidenceRanking {
  commonWordsWeighLess?: boolean;
  /**
   * Spans of the question that say who asks (我们是台资企业): a kind of firm the synonym table maps to the plans'
   * category (台资 → 外资) said there ranks at BACKGROUND_WEIGHT. A specific word there (以色列, 直播带货) is
   * often what the asker needs and keeps its weight.
   */
  background?: string[];
}

/** The ranking weight of a concept that only says which kind of firm asks, beside what is asked. */
export const BACKGROUND_WEIGHT = 0.4;

/** A concept at least this rare in the corpus (BM25 IDF over chunks) is specific to a few clauses. */
export const RARE_IN_CORPUS_IDF = 2.5;

/**
 * Concepts weigh by their general-language IDF, so a specific word the clause lacks (个人所得税) counts for
 * more than a generic one (计划, 改进). The clause is read without its plan's title: title words are in
 * every clause of a plan and say nothing about whether this clause answers the question.
 */
export function evidenceFor(
  index: PolicyIndex,
  clauseId: string,
  groups: Concept[],
  understoodShare = 1,
  ranking: EvidenceRanking = {},
): Evidence {
  const matched: string[] = [];
  const missing: string[] = [];
  if (!groups.length) return { matched, missing, strength: 0, coverage: 0, rareMatched: 0 };
  let rareMatched = 0;
  const clauseText = matchTexts(index).get(clauseId) ?? "";
  let found = 0;
  let total = 0;
  let covered = 0;
  let corpusTotal = 0;
  for (const group of groups) {
    const figure = group.some((t) => /\d/.test(t) && !/^\d{5,}$/.test(t));
    const weight = figure ? FIGURE_WEIGHT : Math.max(...group.map((t) => conceptWeight(index, t)));
    const corpusWeight = Math.max(...group.map((t) => index.bm25.idf(t.toLowerCase())));
    // Ranking weight: rare in the plans, and (a Chinese question's own words) not a word common in any text.
    const background =
      group.length > 1 && lexicon().synonymPhrases.has(group[0]!) && ranking.background?.some((span) => span.includes(group[0]!));
    const rankWeight =
      (background ? BACKGROUND_WEIGHT : 1) *
      (ranking.commonWordsWeighLess ? corpusWeight * Math.sqrt(figure ? weight : wordWeight(index, group, weight)) : corpusWeight);
    total += weight;
    corpusTotal += rankWeight;
    let share = 0;
    if (group.some((t) => saysWord(index, clauseId, clauseText, t.toLowerCase()))) share = 1;
    else if (group.length === 1 && [...group[0]!].length >= LONG_COMPOUND) share = partsFound(index, clauseId, group[0]!, clauseText);
    found += weight * share;
    covered += rankWeight * share;
    (share > 0 ? matched : missing).push(group[0]!);
    if (share === 1 && corpusWeight >= RARE_IN_CORPUS_IDF) rareMatched++;
  }
  return { matched, missing, strength: Math.min(found / total, understoodShare), coverage: covered / corpusTotal, rareMatched };
}

/**
 * A word of the corpus's dictionary weighs its general IDF, and so does a general word the corpus lacks
 * (限购, 医保: the plans never mention it, so no clause answers a question about it); a compound no
 * dictionary has weighs like the rarest word. (Weighing absent words at a share of their IDF was tried:
 * on the dev set anything below 1 lets 限购/医保 questions through.)
 */
/** A figure (90分钟) says how much, not what about: it weighs like an ordinary word. */
const FIGURE_WEIGHT = 5;

/**
 * A concept's general weight as a word: its terms that are words of the language (a typo as written, 事点,
 * is none and would weigh as the rarest); the concept's weight when none is.
 */
function wordWeight(index: PolicyIndex, group: Concept, weight: number): number {
  const words = group.map((t) => index.generalIdf.get(t) ?? generalIdf(t)).filter((x): x is number => x !== undefined);
  return words.length ? Math.max(...words) : weight;
}

function conceptWeight(index: PolicyIndex, term: string): number {
  const inCorpus = index.generalIdf.get(term);
  if (inCorpus !== undefined) return inCorpus;
  return (/[\u3400-\u9fff]/.test(term) ? generalIdf(term) : undefined) ?? RARE_WORD_IDF;
}

const matchTextCache = new WeakMap<PolicyIndex, Map<string, string>>();

/** Each clause's section path, units and text as one string, built once per index. */
function matchTexts(index: PolicyIndex): Map<string, string> {
  let texts = matchTextCache.get(index);
  if (!texts) {
    texts = new Map();
    for (const c of index.clauses.values()) {
      const units = c.units.flatMap((x) => [x.name, x.canonical ?? ""]).join(" ");
      texts.set(c.id, `${c.sectionPath.join(" ")}\n${units}\n${withoutAsides(c.text)}`.toLowerCase());
    }
    matchTextCache.set(index, texts);
  }
  return texts;
}

/** A clause's text, and again without short asides in brackets when it has any: 中以（上海）创新园 is also 中以创新园. */
export function withoutAsides(text: string): string {
  return /[（(]/.test(text) ? `${text}\n${text.replace(/[（(][^（()）]{1,12}[)）]/g, "")}` : text;
}

/** A compound this long (不动产登记, 不动产转移登记) gets partial credit for the parts a clause has (不动产 … 登记). */
const LONG_COMPOUND = 5;

function partsFound(index: PolicyIndex, clauseId: string, word: string, clauseText: string): number {
  const parts = index.tokenizer.words(word).filter((w) => w !== word && [...w].length >= 2);
  return parts.length ? parts.filter((p) => saysWord(index, clauseId, clauseText, p)).length / parts.length : 0;
}

const wordCache = new WeakMap<PolicyIndex, Map<string, Uint8Array>>();

/**
 * Where the clause's words lie, as the tokenizer reads it (precise mode): 1 at each position inside a
 * word of two or more characters (not at its first character), 0 at a word's start or outside words.
 * Built per clause on first use.
 */
function wordInteriors(index: PolicyIndex, clauseId: string, text: string): Uint8Array {
  let perIndex = wordCache.get(index);
  if (!perIndex) {
    perIndex = new Map();
    wordCache.set(index, perIndex);
  }
  let inside = perIndex.get(clauseId);
  if (!inside) {
    inside = new Uint8Array(text.length + 1);
    let cursor = 0;
    for (const w of index.tokenizer.cut(text)) {
      const at = text.indexOf(w, cursor);
      if (at < 0) continue;
      cursor = at + w.length;
      for (let k = at + 1; k < at + w.length; k++) inside[k] = 1;
    }
    perIndex.set(clauseId, inside);
  }
  return inside;
}

/**
 * Whether the clause says the term as a word: an occurrence that begins inside one of the clause's words
 * and ends inside the next (用电 in 使用|电子) is two words' pieces, not the term. An occurrence inside one
 * word (开办 in 企业开办) or from word edge to word edge counts.
 */
export function saysWord(index: PolicyIndex, clauseId: string, clauseText: string, term: string): boolean {
  let at = clauseText.indexOf(term);
  if (at < 0) return false;
  if (!/[\u3400-\u9fff]/.test(term)) return true;
  const inside = wordInteriors(index, clauseId, clauseText);
  for (; at >= 0; at = clauseText.indexOf(term, at + 1)) {
    const end = at + term.length;
    if (!(inside[at] && inside[end] && crossesWord(inside, at, end))) return true;
  }
  return false;
}

/** Whether a word edge lies strictly between the start and the end of a span. */
function crossesWord(inside: Uint8Array, start: number, end: number): boolean {
  for (let k = start + 1; k < end; k++) if (!inside[k]) return true;
  return false;
}
