import { readFileSync } from "node:fs";
import { stemmer as porter } from "stemmer";
import { z } from "zod";
import { districtPinyin } from "../ingest/meta.ts";
import { UNIT_TABLE } from "../ingest/units.ts";
import type { PlanMeta } from "../plan/schema.ts";

/** The data tables question understanding reads: glossary, synonyms, places, units. */

const Glossary = z.object({ version: z.number(), terms: z.array(z.object({ en: z.array(z.string()), zh: z.array(z.string()).min(1) })) });
const Synonyms = z.object({ version: z.number(), terms: z.record(z.string(), z.array(z.string())) });
const Places = z.object({ version: z.number(), places: z.array(z.object({ zh: z.array(z.string()), en: z.array(z.string()) })) });
const StopWordTable = z.object({
  version: z.number(),
  zh: z.object({ function: z.array(z.string()), question: z.array(z.string()) }),
  en: z.array(z.string()),
});

function readData<T>(name: string, schema: z.ZodType<T>): T {
  return schema.parse(JSON.parse(readFileSync(new URL(`../data/${name}`, import.meta.url), "utf8")));
}

/** Lower-case, drop punctuation, and fold simple English inflections (licences → licence, companies → company). */
export function englishWords(text: string): string[] {
  return englishTokens(text).map(stem);
}

/** The words englishWords stems, as written (lower-cased). */
export function englishTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/'s\b/g, "")
    .split(/[^a-z0-9'+-]+/)
    .map((w) => w.replace(/^['-]+|['-]+$/g, "")) // 'four-arrivals' → four-arrivals
    .filter(Boolean);
}

/**
 * -ing nouns that name a thing, not the verb's doing (a building is no act of building): kept apart from the
 * verb, and read as the verb where an object follows (in charge of building the centre; see verbWithObject).
 */
const ING_NOUNS = new Set(["building"]);
/** Words the Porter stemmer would fold into another word (news → new, customs → customer, training → train, building → build). */
const UNSTEMMED = new Set(["news", "customs", "training", "trainings", ...ING_NOUNS, "buildings"]);

/** Words already stemmed: the tables say the same few thousand words tens of thousands of times (lexicon() at start). */
const STEMS = new Map<string, string>();
const STEMS_KEPT = 50_000;

/** Porter stemming, so evaluated/evaluation/evaluate and licences/licence meet; British spellings first meet American ones. */
export function stem(word: string): string {
  let stemmed = STEMS.get(word);
  if (stemmed === undefined) {
    stemmed = UNSTEMMED.has(word) || !/^[a-z]+$/.test(word) ? word : derivedStem(americanSpelling(word));
    // Questions bring any words: forgotten all at once when full.
    if (STEMS.size >= STEMS_KEPT) STEMS.clear();
    STEMS.set(word, stemmed);
  }
  return stemmed;
}

/**
 * A word made with -ize / -ization keeps that suffix: the plans' -化 words (商业化, 市场化, 法治化) are
 * other concepts than their base (商业, 市场, 法律), and Porter folds them into it (commercialization,
 * commercial → commerci; authorization, authority → author). commercialize and commercialization still meet.
 */
const DERIVED_IZ = /^([a-z]{4,})iz(?:e|es|ed|ing|ation|ations)$/;
/** So does -able / -ability (accountability, a plan's 考核, is no bank account; renewable is no renewal). */
const DERIVED_ABLE = /^([a-z]{4,})(?:able|ably|ability|abilities)$/;
function derivedStem(word: string): string {
  const iz = DERIVED_IZ.exec(word)?.[1];
  if (iz) return `${porter(iz)}iz`;
  const able = DERIVED_ABLE.exec(word)?.[1];
  return able ? `${porter(able)}abl` : porter(word);
}

/**
 * British spelling to American (subsidised → subsidized, labour → labor, centre → center, licence →
 * license), applied to the dictionary's words and the question's alike, so either spelling meets the other.
 */
const BRITISH: [RegExp, string][] = [
  // organise, subsidise, recognise, digitalisation; not promise, enterprise, exercise, advertise, supervise.
  [/^(?!(?:com)?prom)(.{2,}(?:al|an|ar|or|er|it|ic|gn|id|im|on|ot|ul|at|iv|om|rd))is(e|es|ed|ing|er|ers|ation|ations)$/, "$1iz$2"],
  [/^(.{2,}[^aeiou])ys(e|es|ed|ing)$/, "$1yz$2"],
  [/^(.{3,})our(s|ed|ing|able|ite|ites)?$/, "$1or$2"],
  [/^(.{2,})(t|b)re(s|d)?$/, "$1$2er$3"],
  [/^(lic|def|off)enc(e|es)$/, "$1ens$2"],
  [/^programme(s|d)?$/, "program$1"],
];
function americanSpelling(word: string): string {
  for (const [re, to] of BRITISH) if (re.test(word)) return word.replace(re, to);
  return word;
}

/** Longest-match phrase lookup over stemmed English words. */
/** Words that never change what a phrase names (stemmed). */
const DETERMINERS = new Set(["a", "an", "the", "my", "our", "your", "their", "thi", "these", "those"]);
/** Describing words a caller may put inside a phrase the tables write without them (stemmed). */
const MODIFIERS = new Set(["new", "small", "own", "local", "privat", "whole", "entir", "singl"]);

/** Words that say a thing is new (stemmed). */
const NEWNESS = new Set(["new", "latest", "recent"]);

export class PhraseMatcher<T> {
  private readonly phrases = new Map<string, T[]>();
  private longest = 1;

  add(phrase: string, value: T): void {
    const words = englishWords(phrase).filter((w) => !DETERMINERS.has(w));
    if (!words.length) return;
    const key = words.join(" ");
    this.longest = Math.max(this.longest, words.length);
    const list = this.phrases.get(key) ?? [];
    if (!list.includes(value)) list.push(value);
    this.phrases.set(key, list);
  }

  /**
   * Values of every phrase found, scanning left to right and preferring the longest phrase at each
   * position; `start` is the phrase's first word among the text's words (so two matchers' phrases can be lined up).
   */
  match(text: string): { phrase: string; values: T[]; start: number }[] {
    // Determiners are not part of a phrase (set up a company = set up my company); each word keeps its position in the text.
    const all = englishWords(text);
    const at = all.flatMap((w, i) => (DETERMINERS.has(w) ? [] : [i]));
    const words = all.filter((w) => !DETERMINERS.has(w));
    const found: { phrase: string; values: T[]; start: number }[] = [];
    for (let i = 0; i < words.length; ) {
      const longest = this.longestAt(words, i);
      const n = longest?.n ?? 0;
      // "new" that begins a phrase (new business) describes a longer phrase after it instead (new business
      // policies: new policies for business), as English puts the describing word first.
      const after = longest && n >= 2 && NEWNESS.has(words[i]!) ? this.longestAt(words, i + 1) : null;
      if (after && after.n > n - 1) {
        i++;
        continue;
      }
      if (longest) found.push({ phrase: words.slice(i, i + n).join(" "), values: longest.values, start: at[i]! });
      // A separable phrase (pay small suppliers late, shut the shop down): its verb, then its particle a few words on.
      const split = n <= 1 ? this.separable(words, i) : null;
      if (split) {
        if (n === 1) found.pop();
        found.push({ phrase: split.key, values: split.values, start: at[i]! });
        i++;
        continue;
      }
      // A hyphenated word no phrase names (first-time, new-business-model) is read as its words.
      const parts = n === 0 && words[i]!.includes("-") ? words[i]!.split("-").filter(Boolean).map(stem) : [];
      if (parts.length > 1) {
        words.splice(i, 1, ...parts);
        at.splice(i, 1, ...parts.map(() => at[i]!));
        continue;
      }
      i += Math.max(n, 1);
    }
    return found;
  }

  /** The longest phrase at word i (its length in words and values), or null. */
  private longestAt(words: string[], i: number): { n: number; values: T[] } | null {
    for (let n = Math.min(this.longest + 1, words.length - i); n > 0; n--) {
      const span = words.slice(i, i + n);
      // One describing word inside a phrase (set up a new company, open a small shop) leaves it the same phrase.
      const inner = span.findIndex((w, j) => j > 0 && j < n - 1 && MODIFIERS.has(w));
      const exact = n <= this.longest ? this.phrases.get(span.join(" ")) : undefined;
      const loose = inner > 0 ? this.phrases.get(span.filter((_, k) => k !== inner).join(" ")) : undefined;
      const values = exact && loose ? [...new Set([...exact, ...loose])] : (exact ?? loose);
      if (values) return { n, values };
    }
    return null;
  }

  /** A two-word phrase ending in a particle (pay late, set up) with its object between (pay SMEs late): at most three words apart. */
  private separable(words: string[], i: number): { key: string; values: T[] } | null {
    for (let j = i + 2; j <= Math.min(i + 1 + MAX_OBJECT_WORDS, words.length - 1); j++) {
      if (!PARTICLES.has(words[j]!)) continue;
      const key = `${words[i]} ${words[j]}`;
      const values = this.phrases.get(key);
      if (values) return { key, values };
    }
    return null;
  }
}

/** Particles and adverbs that end a separable English phrase (stemmed). */
const PARTICLES = new Set(["late", "up", "down", "off", "out", "back", "over", "awai"]);
/** Words an object may take between a separable phrase's verb and its particle. */
const MAX_OBJECT_WORDS = 3;

export interface Lexicon {
  /** English phrase → Chinese plan terms. */
  english: PhraseMatcher<string>;
  /** Each glossary entry's head term and its first English name (the first English name translates the first Chinese one). */
  headTerms: [zh: string, en: string][];
  /** Colloquial Chinese → plan terms, longest keys first. */
  synonyms: [string, string[]][];
  /** The synonym table's caller phrases, for reading a question's word order (see unBa). */
  synonymPhrases: ReadonlySet<string>;
  /** English unit names → canonical unit. */
  unitsEn: PhraseMatcher<string>;
  /** Each unit's distinctive English words (stemmed), for the short names callers use ("tax bureau"). */
  unitWordsEn: [unit: string, words: string[]][];
  /** Chinese unit names and aliases → canonical unit, longest first. */
  unitsZh: [string, string][];
  /** Places outside the corpus. */
  otherPlacesZh: string[];
  otherPlacesEn: PhraseMatcher<string>;
}

let cached: Lexicon | null = null;

/** English words for a firm, one as good as another inside a longer name (new business, new company, new firm). */
const FIRM_WORDS = ["company", "business", "firm", "enterprise", "companies", "businesses", "firms", "enterprises"];
const FIRM_WORD = new RegExp(`\\b(${FIRM_WORDS.join("|")})\\b`, "gi");

/** A glossary phrase of two or more words as written and with each firm word swapped for the others of its number. */
function withFirmWords(phrase: string): string[] {
  if (!/\s/.test(phrase.trim()) || !phrase.match(FIRM_WORD)) return [phrase];
  const plural = (w: string) => w.endsWith("s") && w !== "business";
  const variants = new Set([phrase]);
  for (const word of FIRM_WORDS)
    variants.add(phrase.replace(FIRM_WORD, (found) => (plural(found.toLowerCase()) === plural(word) ? word : found)));
  return [...variants];
}

export function lexicon(): Lexicon {
  if (cached) return cached;
  const english = new PhraseMatcher<string>();
  const glossary = readData("glossary.json", Glossary).terms;
  for (const term of glossary)
    for (const en of term.en) for (const variant of withFirmWords(en)) for (const zh of term.zh) english.add(variant, zh);
  const unitsEn = new PhraseMatcher<string>();
  for (const u of UNIT_TABLE) {
    // "District People's Court", "People's Court", "district court", "court".
    const bare = u.nameEn.replace(/^District /, "");
    for (const n of [u.nameEn, bare, u.nameEn.replace(/People's /, ""), bare.replace(/People's /, "")]) unitsEn.add(n, u.name);
  }
  // 区税务局 is also called 税务局; a short form of fewer than three characters (法院) is too common a word to name the unit.
  const unitsZh = UNIT_TABLE.flatMap((u) =>
    [u.name, ...u.aliases]
      .flatMap((n) => (n.startsWith("区") && [...n].length >= 4 ? [n, n.slice(1)] : [n]))
      .map((n) => [n, u.name] as [string, string]),
  );
  const unitWordsEn = UNIT_TABLE.map((u): [string, string[]] => [
    u.name,
    englishWords(u.nameEn).filter((w) => !UNIT_HEAD.test(w) && !UNIT_NAME_FILLER.has(w)),
  ]);
  const places = readData("places.json", Places).places;
  const otherPlacesEn = new PhraseMatcher<string>();
  for (const p of places) for (const en of p.en) otherPlacesEn.add(en, en);
  const synonyms = Object.entries(readData("synonyms.json", Synonyms).terms).sort((a, b) => b[0].length - a[0].length);
  cached = {
    english,
    headTerms: glossary.flatMap((t): [string, string][] => (t.en[0] ? [[t.zh[0]!, t.en[0]]] : [])),
    synonyms,
    synonymPhrases: new Set(synonyms.map(([phrase]) => phrase)),
    unitsEn,
    unitWordsEn,
    unitsZh: unitsZh.sort((a, b) => b[0].length - a[0].length),
    otherPlacesZh: places.flatMap((p) => p.zh).sort((a, b) => b.length - a.length),
    otherPlacesEn,
  };
  return cached;
}

/** The one stop-word list (src/data/stopwords.json), read once. */
export interface StopWords {
  /** Particles, pronouns, question words: never indexed, never a topic. */
  zhFunction: ReadonlySet<string>;
  /** Every Chinese stop word (function words and the words that carry a question's asking): not a concept of the question. */
  zh: ReadonlySet<string>;
  /** The same as a pattern that removes them (and punctuation, symbols, digits) from a question, leaving its topic. */
  zhPattern: RegExp;
  /** English stop words, stemmed (compared with stemmed words). */
  en: ReadonlySet<string>;
}

let stopWordsCache: StopWords | null = null;

const LookalikeTable = z.object({ version: z.number(), groups: z.array(z.string()) });
let lookalikeCache: Map<string, string[]> | null = null;

/** Each character's look-alikes (src/data/lookalikes.json, 形近字 groups), read once. */
export function lookalikes(): ReadonlyMap<string, string[]> {
  if (lookalikeCache) return lookalikeCache;
  const map = new Map<string, string[]>();
  for (const group of readData("lookalikes.json", LookalikeTable).groups) {
    const chars = [...group];
    for (const c of chars) map.set(c, [...new Set([...(map.get(c) ?? []), ...chars.filter((o) => o !== c)])]);
  }
  lookalikeCache = map;
  return map;
}

export function stopWords(): StopWords {
  if (stopWordsCache) return stopWordsCache;
  const table = readData("stopwords.json", StopWordTable);
  const zh = [...new Set([...table.zh.function, ...table.zh.question])];
  const alternatives = zh.sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  stopWordsCache = {
    zhFunction: new Set(table.zh.function),
    zh: new Set(zh),
    zhPattern: new RegExp(`${alternatives.join("|")}|[\\s\\p{P}\\p{S}\\d]`, "gu"),
    en: new Set(table.en.map((w) => stem(w.toLowerCase()))),
  };
  return stopWordsCache;
}

/** The head noun of a unit's English name (stemmed): a caller may use any of them for any unit ("tax office"). */
const UNIT_HEAD = /^(?:bureau|commiss|offic|center|centr|depart|agenc|court|committe|administr|author|board|council|regul)$/;
const UNIT_NAME_FILLER = new Set(["district", "of", "and", "for", "the", "peopl"]);

/** Words any government body's English may say (stemmed): alone they name no one unit. */
const GENERIC_UNIT_WORDS = new Set(["govern", "public", "state", "offici", "municip", "local", "peopl", "administr"]);

/** The English head nouns that fit each Chinese kind of unit (局 is a bureau, 委 a commission…), stemmed. */
const HEAD_FITS: [RegExp, RegExp][] = [
  [/(?:分局|局)$/, /^(?:bureau|sub-bureau|administr|author|agenc|regul|depart|offic)$/],
  [/(?:委员会|委)$/, /^(?:commiss|committe|council|board)$/],
  [/(?:办公室|办)$/, /^offic$/],
  [/中心$/, /^(?:center|centr)$/],
  [/(?:大队|支队)$/, /^(?:brigad|team|detach|depart)$/],
  [/(?:公司|集团)$/, /^(?:compani|corpor|group)$/],
  [/院$/, /^(?:court|procuratorat|institut)$/],
  [/(?:联合会|联)$/, /^(?:feder|chamber)$/],
];

/** Whether an English head noun (stemmed) is a name for the kind of unit a Chinese name is (区税务局: bureau, office). */
export function headFits(unit: string, head: string): boolean {
  return HEAD_FITS.some(([zh, en]) => zh.test(unit) && en.test(head));
}

/** Words before a unit's head noun that ask which unit it is (which office, what government department). */
const ASKS_UNIT_BEFORE = new Set(["which", "what", "whose"]);
/** Describing words between the asking word and the head noun (which government office, what relevant agency). */
const UNIT_HEAD_DESCRIBED = new Set(["govern", "district", "local", "relev", "compet", "respons", "public", "state", "offici", "specif"]);
/** Words after a unit's head noun that say it is the unit in charge (the office handling…, the office in charge). */
const ASKS_UNIT_AFTER = /^(?:handl|charg|respons|deal|manag|oversee|oversaw|run|lead|led|process|accept|approv|issu|review)$/;

/**
 * A glossary match that is a unit's head noun the question uses to ask for a unit ("which office handles
 * it", "the office in charge"): it names the unit asked for, not the glossary's topic (office → 经营场所).
 */
export function asksForUnit(words: string[], match: { phrase: string; start: number }): boolean {
  if (match.phrase.includes(" ") || !UNIT_HEAD.test(match.phrase)) return false;
  let i = match.start - 1;
  while (i >= 0 && (UNIT_HEAD_DESCRIBED.has(words[i]!) || DETERMINERS.has(words[i]!))) i--;
  if (i >= 0 && ASKS_UNIT_BEFORE.has(words[i]!)) return true;
  const next = words.slice(match.start + 1, match.start + 3).filter((w) => w !== "in" && w !== "is" && w !== "ar");
  return next.length > 0 && ASKS_UNIT_AFTER.test(next[0]!);
}

/** Words after an -ing form that make it a verb taking an object (building the centre, training our staff). */
const OBJECT_STARTS = new Set(["the", "a", "an", "our", "my", "their", "your", "its", "this", "these", "those", "new", "more"]);

/**
 * A one-word match that is an -ing noun used as the verb with its object after it ("in charge of building
 * the centre"): the glossary's noun of the same spelling (building → 商务楼宇) is not what the question says.
 */
export function verbWithObject(tokens: string[], match: { phrase: string; start: number }): boolean {
  if (match.phrase.includes(" ")) return false;
  const token = tokens[match.start] ?? "";
  return ING_NOUNS.has(token) && OBJECT_STARTS.has(tokens[match.start + 1] ?? "");
}

/** Words for a policy or rule as a thing a plan issues (stemmed). */
const POLICY_NOUNS = new Set(["polici", "measur", "rule", "regul"]);

/**
 * "new business policies": what is new is the policy, for businesses; the glossary's "new business" (a firm
 * being set up, 企业开办) ends where a noun it describes follows.
 */
export function newnessOfPolicy(words: string[], match: { phrase: string; start: number }): boolean {
  const parts = match.phrase.split(" ");
  return parts.length >= 2 && NEWNESS.has(parts[0]!) && POLICY_NOUNS.has(words[match.start + parts.length] ?? "");
}

/** A match that names no topic where the question says it: a unit asked for, a verb read as the glossary's noun, a policy's newness. */
export function notATopicHere(text: string, match: { phrase: string; start: number }): boolean {
  const tokens = englishTokens(text);
  const words = tokens.map(stem);
  return asksForUnit(words, match) || verbWithObject(tokens, match) || newnessOfPolicy(words, match);
}

/**
 * Units a caller names by a short form of the English name: a head noun (bureau, office, commission…)
 * after words that begin the unit's distinctive words (tax bureau → District Taxation Bureau, market
 * supervision bureau → … for Market Regulation). One unit must match more of them than any other.
 */
export function unitsByShortName(text: string): string[] {
  const words = englishWords(text);
  const { unitWordsEn } = lexicon();
  const out: string[] = [];
  words.forEach((w, i) => {
    if (!UNIT_HEAD.test(w) || i === 0) return;
    // The name runs back to a word that asks for the unit (assets, and which agency: "assets" is no part of it).
    const window = words.slice(Math.max(0, i - 3), i);
    let asked = window.length - 1;
    while (asked >= 0 && !ASKS_UNIT_BEFORE.has(window[asked]!)) asked--;
    const modifiers = window.slice(asked + 1).filter((m) => !UNIT_NAME_FILLER.has(m) && m.length >= 3);
    const related = (a: string, b: string) => a.length >= 3 && b.length >= 3 && (a.startsWith(b) || b.startsWith(a));
    // Ties go to the unit whose own words the modifiers say more of (commerce bureau: the Commerce
    // Commission, all of whose words it says, over the Federation of Industry and Commerce).
    const scored = unitWordsEn
      .map(([unit, own]) => {
        const said = modifiers.filter((m) => own.some((o) => related(m, o)));
        const share = own.length ? own.filter((o) => modifiers.some((m) => related(m, o))).length / own.length : 0;
        return { unit, n: said.length, share, generic: said.every((m) => GENERIC_UNIT_WORDS.has(m)) };
      })
      .filter((x) => x.n > 0)
      .sort((a, b) => b.n - a.n || b.share - a.share);
    // A unit whose only word said is one any government body has (government agency: 区府办 is an office)
    // is named only under its own kind of head (government office).
    const [best, next] = scored.filter((x) => !x.generic || headFits(x.unit, w));
    if (best && (!next || best.n > next.n || best.share > next.share) && !out.includes(best.unit)) out.push(best.unit);
  });
  return out;
}

export interface DistrictName {
  district: string;
  names: string[];
  namesEn: string[];
}

/** Names a question may use for each covered district: 普陀区, 普陀, Putuo (its pinyin, derived from 普陀区). */
/** A district's name without its 区 / 县 / 市 (江湾区 → 江湾), as questions often write it. */
export function shortDistrict(district: string): string {
  return district.replace(/[区县市]$/, "");
}

export function districtNames(plans: PlanMeta[]): DistrictName[] {
  const byDistrict = new Map<string, DistrictName>();
  for (const p of plans) {
    const entry = byDistrict.get(p.district) ?? { district: p.district, names: [], namesEn: [] };
    const short = shortDistrict(p.district);
    for (const n of [p.district, short.length >= 2 ? short : ""]) if (n && !entry.names.includes(n)) entry.names.push(n);
    // Its pinyin too (jiangbei), whatever the plan's English name or id says.
    const en = [p.districtEn?.replace(/\s+(?:District|County|New Area)$/i, ""), p.id.replace(/-\d{4}$/, ""), districtPinyin(p.district)]
      .filter((n): n is string => Boolean(n))
      .map((n) => n.toLowerCase());
    for (const n of en) if (!entry.namesEn.includes(n)) entry.namesEn.push(n);
    byDistrict.set(p.district, entry);
  }
  return [...byDistrict.values()];
}

/** A name before District / County / New Area, as English writes a district (Haidian District, Pudong New Area). */
const DISTRICT_NAME_EN = /\b((?:[A-Z][a-z]+)(?:[ -][A-Z][a-z]+)?)\s+(?:District|County|New Area)\b/g;

/** One toneless Hanyu Pinyin syllable: a district's romanized name is a run of two to four (Xiling, Jiangnan). */
const PINYIN_SYLLABLE =
  "(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|uai|ian|iao|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u|v)";
const PINYIN_NAME = new RegExp(`^(?:${PINYIN_SYLLABLE}){2,4}$`, "i");
/** A capitalized name before "plan" (the Xiling plan, Jiangnan's action plan): a place when it reads as pinyin. */
const PLAN_OF_PLACE_EN =
  /\b(?:[Tt]he|[Ii]n|[Oo]f|[Ff]or|[Dd]oes|[Dd]o|[Hh]as|[Ii]s)\s+([A-Z][a-z]{3,})(?:'s)?\s+(?:(?:action|business[- ]environment|three-year|work|new|latest|current)\s+)*(?:plan|programme|program)\b/g;
/** Capitalized English words that also read as pinyin, and places the question may name as a whole country or city. */
const NOT_A_DISTRICT_EN = new Set(["same", "main", "whole", "home", "team", "china", "beijing", "shanghai"]);

const PINYIN_SYLLABLES = new RegExp(`^(?:${PINYIN_SYLLABLE})+$`, "i");
/** The split-name patterns per set of district names (one set per corpus). */
const syllablePatterns = new Map<string, [RegExp, string][]>();

/**
 * A covered district's pinyin written as separate syllables (Dong Hu, Jiang-bei, Xi Ling district) as the
 * one word the plans' names give (Donghu): split at any point where both halves read as pinyin.
 */
export function joinDistrictSyllables(text: string, districts: DistrictName[]): string {
  if (!/[a-z][\s-]+[a-z]/i.test(text)) return text;
  const names = [...new Set(districts.flatMap((d) => d.namesEn).filter((n) => /^[a-z]{4,}$/.test(n)))];
  const key = names.join(" ");
  let patterns = syllablePatterns.get(key);
  if (!patterns) {
    patterns = names.flatMap((name) =>
      [...name.slice(1)].flatMap((_, i): [RegExp, string][] => {
        const [a, b] = [name.slice(0, i + 1), name.slice(i + 1)];
        return PINYIN_SYLLABLES.test(a) && PINYIN_SYLLABLES.test(b) ? [[new RegExp(`\\b${a}[\\s-]+${b}\\b`, "gi"), name]] : [];
      }),
    );
    if (syllablePatterns.size > 16) syllablePatterns.clear();
    syllablePatterns.set(key, patterns);
  }
  let out = text;
  for (const [re, name] of patterns) out = out.replace(re, (m) => (/^[A-Z]/.test(m) ? name[0]!.toUpperCase() + name.slice(1) : name));
  return out;
}

/**
 * Districts an English question names that the corpus does not cover ("What are the measures in Haidian
 * District?"): a capitalised name before District that is none of the covered districts' names.
 */
export function unknownDistrictsEn(text: string, districts: DistrictName[]): string[] {
  const known = new Set(districts.flatMap((d) => d.namesEn.map((n) => n.replace(/[\s-]+/g, ""))));
  const out: string[] = [];
  for (const m of text.matchAll(DISTRICT_NAME_EN)) {
    const name = m[1]!.toLowerCase().replace(/[\s-]+/g, "");
    // "The Putuo District", "Which District": a covered name, or a question word capitalised at the start.
    if (known.has(name) || known.has(name.replace(/^the/, "")) || /^(?:the|which|what|each|every|this|that|our|my|your|any|a)$/.test(name))
      continue;
    if (!out.includes(m[0])) out.push(m[0]);
  }
  for (const m of text.matchAll(PLAN_OF_PLACE_EN)) {
    const name = m[1]!.toLowerCase();
    if (known.has(name) || NOT_A_DISTRICT_EN.has(name) || !PINYIN_NAME.test(name)) continue;
    if (!out.includes(m[1]!)) out.push(m[1]!);
  }
  return out;
}

/** Finds every key that occurs in the text, longest first, without letting a shorter key reuse matched characters. */
export function findTerms<T>(text: string, entries: [string, T][]): { key: string; value: T }[] {
  let rest = text;
  const found: { key: string; value: T }[] = [];
  for (const [key, value] of entries) {
    if (key && rest.includes(key)) {
      found.push({ key, value });
      rest = rest.split(key).join("\u0000");
    }
  }
  return found;
}

/**
 * The covered district a caller names in any usual form: 普陀, 普陀区, 上海市普陀区, putuo, Putuo District.
 * Null when it names none of them.
 */
export function resolveDistrict(input: string, plans: PlanMeta[]): string | null {
  const cities = [...new Set(plans.flatMap((p) => (p.city ? [p.city, p.city.replace(/市$/, "")] : [])))].sort(
    (a, b) => b.length - a.length,
  );
  let text = input.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ");
  for (const c of cities) if (text.startsWith(c.toLowerCase())) text = text.slice(c.length).trim();
  // A city the metadata does not record (上海市江湾区) is dropped too.
  text = text.replace(/^[\p{Script=Han}]{2,3}市(?=[\p{Script=Han}]{2,})/u, "");
  text = text
    .replace(/^shanghai\s*,?\s*/, "")
    .replace(/\s*district$/, "")
    .replace(/[\s-]+/g, "");
  for (const d of districtNames(plans)) {
    if (d.names.some((n) => n.toLowerCase() === text) || d.namesEn.some((n) => n.replace(/[\s-]+/g, "") === text)) return d.district;
  }
  return null;
}
