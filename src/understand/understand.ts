import { asksNationalRules } from "../answer/asks-en.ts";
import { parseChineseNumber } from "../ingest/numerals.ts";
import type { PlanMeta } from "../plan/schema.ts";
import { citedClauses, type FollowupContext, resolveFollowup, resolveOrdinal, resolveUnitReference, withoutExclusion } from "./followup.ts";
import { classifyIntent, type Intent, NON_TOPIC_EN, NON_TOPIC_ZH, settleIntent } from "./intent.ts";
import {
  districtNames,
  englishWords,
  findTerms,
  joinDistrictSyllables,
  lexicon,
  notATopicHere,
  stem,
  type DistrictName,
  unitsByShortName,
  unknownDistrictsEn,
} from "./lexicon.ts";
import { unitFamily, unitFamilyScore, unitsByFamily } from "../ingest/units.ts";
import { administrativePlaces } from "./places.ts";
import { asSimplified, cleanInput, detectLanguage, isTraditional, type Lang } from "./script.ts";

export interface HistoryMessage {
  role: "user" | "assistant" | "system";
  content: string;
}

/** What the assistant takes a question to mean, before retrieval. */
export interface Understanding {
  lang: Lang;
  traditional: boolean;
  /** The question as asked, cleaned and in simplified script. */
  question: string;
  /** Text to retrieve with: Chinese, with a follow-up completed from the conversation. */
  retrievalText: string;
  /** Plan terms the glossary and synonym tables add to the lexical query. */
  expansion: string[];
  /** Covered districts the question names (or inherits from the conversation). */
  districts: string[];
  /** Places the question names that the corpus does not cover. */
  otherPlaces: string[];
  intent: Intent;
  /** Canonical names of the units the question names. */
  units: string[];
  /** True when the question was completed from the previous one. */
  followup: boolean;
  /** For a question that may continue the conversation: the clauses the previous answer cited (src/understand/followup.ts). */
  followupOf?: FollowupContext;
  /** For a follow-up that takes its topic from the previous question: that question (src/understand/followup.ts). */
  previousQuestion?: string;
  /** True when the question has content of its own beyond intent words. */
  hasTopic: boolean;
  /** English only: the share of the question's content words the glossary understood (1 for Chinese). */
  understoodShare: number;
  /** English only: the question asks about China as a whole and names no covered district (src/answer/asks-en.ts). */
  national?: boolean;
  /** The measure the question asks for by number (第5条, 措施20, measure 5), or null. */
  measure: number | null;
  /** English only: each understood phrase (or quoted Chinese term) as its alternative plan terms (Chinese is split at scoring time). */
  concepts: string[][];
}

export interface UnderstandOptions {
  /**
   * Unit names as the corpus's plans write them ([as a question may say it, as written]), beside the alias
   * table's: a unit only one plan names (区发展和改革局) is still a unit the question can ask about.
   */
  corpusUnits?: [string, string][];
  /**
   * The plans' own units an English question names in English (the administrative approval bureau →
   * 区行政审批服务局), and the question's words that named them; read before the alias table's short names.
   */
  englishUnits?: (question: string) => { units: string[]; words: string[] };
  /** An English question with its misspelt words corrected (registeration → registration), before it is read. */
  englishSpelling?: (question: string) => string;
}

export function understand(question: string, history: HistoryMessage[], plans: PlanMeta[], options: UnderstandOptions = {}): Understanding {
  const districts = districtNames(plans);
  const unitNames = options.corpusUnits?.length ? mergeUnits(lexicon().unitsZh, options.corpusUnits) : lexicon().unitsZh;
  const analyse = (raw: string, d: DistrictName[], covered: ReadonlySet<string>) => analyseQuestion(raw, d, covered, unitNames, options);
  const previous = history
    .filter((m) => m.role === "user")
    .map((m) => cleanInput(m.content))
    .filter(Boolean)
    .slice(-3);
  // Resolve the conversation in order, so a follow-up to a follow-up still finds its topic.
  const covered = coveredNames(districts, plans);
  let context: Understanding | null = null;
  for (const q of previous) context = resolveFollowup(analyse(q, districts, covered), context);
  const lastAnswer = [...history].reverse().find((m) => m.role === "assistant")?.content ?? "";
  const cited = lastAnswer ? citedClauses(lastAnswer, plans, context?.districts ?? []) : [];
  const asked = context ? withoutExclusion(cleanInput(question)) : cleanInput(question);
  const current = resolveFollowup(analyse(asked, districts, covered), context, {
    lastAnswer: asSimplified(lastAnswer),
    cited,
    districtWordsEn: districts.flatMap((d) => d.namesEn.flatMap((n) => n.split(/[\s-]+/))),
  });
  const u = resolveOrdinal(resolveUnitReference(current, lastAnswer, context), cited);
  return { ...u, intent: settleIntent(u.intent, { units: u.units.length, districts: u.districts.length }) };
}

/** The covered districts' and cities' names as a question may write them: not other places. */
function coveredNames(districts: DistrictName[], plans: PlanMeta[]): ReadonlySet<string> {
  return new Set([...districts.flatMap((d) => d.names), ...plans.flatMap((p) => (p.city ? [p.city, p.city.replace(/市$/, "")] : []))]);
}

/**
 * An English question's unit is a name already (the table's or a plan's own): its other spellings are the
 * names that abbreviate it or that it abbreviates (区发改委, 区发展和改革局), not names that merely share a
 * word (区金融发展服务中心 shares 发展 with 区发展改革局), which a Chinese caller's own short form needs.
 */
function unitAliases(unit: string, names: readonly string[]): string[] {
  return names.filter((n) => unitFamilyScore(unit, n) >= UNIT_ALIAS_SCORE);
}
/** unitFamilyScore's score for the same name or an abbreviation of it. */
const UNIT_ALIAS_SCORE = 0.9;

/** The alias table's unit names and the corpus's, longest first (findTerms takes the first that matches). */
function mergeUnits(table: [string, string][], corpus: [string, string][]): [string, string][] {
  const known = new Set(table.map(([k]) => k));
  return [...table, ...corpus.filter(([k]) => !known.has(k))].sort((a, b) => b[0].length - a[0].length);
}

function analyseQuestion(
  raw: string,
  districts: DistrictName[],
  coveredPlaces: ReadonlySet<string>,
  unitNames: [string, string][],
  { englishUnits, englishSpelling }: UnderstandOptions = {},
): Understanding {
  const lang = detectLanguage(raw);
  const traditional = lang === "zh" && isTraditional(raw);
  const lex = lexicon();
  const read = unMeasure(unBa(asSimplified(raw), lex.synonymPhrases), lex.synonymPhrases);
  const spelt = lang === "en" && englishSpelling ? englishSpelling(read) : read;
  const text = lang === "en" ? joinDistrictSyllables(spelt, districts) : spelt;
  const lower = text.toLowerCase();
  const words = englishWords(text);
  const isDistrictWord = (w: string, d: DistrictName) => d.namesEn.some((n) => stem(n) === w);

  const named = districts.filter((d) => d.names.some((n) => text.includes(n)) || words.some((w) => isDistrictWord(w, d)));
  const placeMatchesEn = lex.otherPlacesEn.match(lower);
  const unitMatchesEn = lang === "en" ? lex.unitsEn.match(lower) : [];
  const otherPlaces = [
    ...findTerms(
      text,
      lex.otherPlacesZh.map((p) => [p, p] as [string, string]),
    ).map((f) => f.key),
    ...placeMatchesEn.map((m) => m.phrase),
    ...(lang === "zh" ? administrativePlaces(text, coveredPlaces) : unknownDistrictsEn(text, districts)),
  ];
  // A unit's English name in full or in part, else a plan's own unit in English words, else a caller's short form (tax bureau).
  const corpusUnitsEn = lang === "en" && !unitMatchesEn.length && englishUnits ? englishUnits(text) : { units: [], words: [] };
  const unitsEn = unitMatchesEn.length
    ? unitMatchesEn.flatMap((m) => m.values)
    : corpusUnitsEn.units.length
      ? corpusUnitsEn.units
      : lang === "en"
        ? unitsByShortName(lower)
        : [];
  const named0 = unique([...findTerms(text, unitNames).map((f) => f.value), ...unitsEn]);
  // A unit the question writes in its own form (住建局, commerce bureau → 区商务局): its family among the known names.
  const knownUnits = unique(unitNames.map(([, v]) => v));
  const units = named0.length
    ? unique([...named0, ...named0.flatMap((n) => (lang === "en" ? unitAliases(n, knownUnits) : unitFamily(n, knownUnits)))])
    : lang === "zh"
      ? unitsByFamily(text, knownUnits)
      : [];
  // District names are filters, not topics: every chunk of a district's plan carries its name.
  const districtTerms = new Set(districts.flatMap((d) => d.names));
  // A phrase made only of question words ("responsible" stems like "response") names no topic.
  const glossaryMatches =
    lang === "en"
      ? lex.english.match(lower).filter((m) => !m.phrase.split(" ").every((w) => NON_TOPIC_EN.has(w)) && !notATopicHere(text, m))
      : [];
  const english = glossaryMatches.flatMap((m) => m.values).filter((t) => !districtTerms.has(t));
  // A mixed question: Chinese plan terms quoted in an English one are part of its topic.
  const quotedChinese = lang === "en" ? chineseTerms(text, districts, lex.otherPlacesZh, lex.unitsZh) : [];
  const synonyms = findTerms(text, lex.synonyms).flatMap((f) => f.value);
  const expansion = unique([...english, ...synonyms, ...units, ...spokenFigures(text)]);

  const topicWords =
    lang === "zh"
      ? stripNames(text, districts, lex.otherPlacesZh).replace(NON_TOPIC_ZH, "")
      : words.filter((w) => !NON_TOPIC_EN.has(w) && !named.some((d) => isDistrictWord(w, d)) && !/^\d+$/.test(w)).join(" ");
  const englishContent = lang === "en" ? words.filter((w) => !NON_TOPIC_EN.has(w) && !/^\d+$/.test(w) && w.length > 1) : [];
  const covered = new Set([...glossaryMatches, ...unitMatchesEn, ...placeMatchesEn].flatMap((m) => m.phrase.split(" ")));
  for (const d of named) for (const n of d.namesEn) covered.add(stem(n));
  for (const w of corpusUnitsEn.words) covered.add(w);
  const understoodShare = englishContent.length ? englishContent.filter((w) => covered.has(w)).length / englishContent.length : 1;
  const hasTopic =
    lang === "zh"
      ? [...topicWords].length >= 2 || units.length > 0
      : (topicWords.length > 0 && (english.length > 0 || units.length > 0 || topicWords.split(" ").length >= 2)) ||
        quotedChinese.length > 0;

  return {
    lang,
    traditional,
    question: text,
    retrievalText: lang === "zh" ? text : unique([...english, ...units, ...quotedChinese]).join(" "),
    expansion: lang === "zh" ? expansion : [],
    districts: named.map((d) => d.district),
    otherPlaces: unique(otherPlaces),
    intent: classifyIntent(text, lang, units.length, named.length),
    national: lang === "en" && !named.length && asksNationalRules(text),
    measure: measureNumber(text),
    units,
    followup: false,
    hasTopic,
    understoodShare,
    concepts:
      lang === "en"
        ? [
            ...[...glossaryMatches.map((m) => m.values), ...unitMatchesEn.map((m) => m.values)].filter(
              (g) => !g.some((t) => named.some((d) => d.names.includes(t))),
            ),
            ...quotedChinese.map((t) => [t]),
          ]
        : [],
  };
}

/** Runs of Chinese in an English question (Who handles 电子印章?), without place and unit names or edge particles. */
function chineseTerms(text: string, districts: DistrictName[], places: string[], units: [string, string][]): string[] {
  if (!/[\u3400-\u9fff]/.test(text)) return [];
  let rest = stripNames(text, districts, places);
  for (const [name] of units) rest = rest.split(name).join(" ");
  const runs = (rest.match(/[\u3400-\u9fff]+/g) ?? []).map((r) => r.replace(/^[的之在和与及]+|[的之呢吗吧啊了]+$/g, ""));
  return unique(runs.filter((r) => [...r].length >= 2));
}

function stripNames(text: string, districts: DistrictName[], places: string[]): string {
  let out = text;
  for (const name of [...districts.flatMap((d) => d.names), ...places].sort((a, b) => b.length - a.length)) out = out.split(name).join("");
  return out;
}

/**
 * A measure asked for by its number: 第5条, 第二十项, 措施20, 20号措施, measure 5 / measure no. 5. A count
 * (措施20项, 多少条) or a part (第二部分) is no measure number.
 */
const MEASURE_NUMBER = [
  /第\s*(\d{1,3}|[一二三四五六七八九十百零两]{1,5})\s*(?:条|项)(?!件)/,
  /措施\s*(\d{1,3})(?![\d.]|\s*(?:项|条|个|%|万|亿|天|家))/,
  /(\d{1,3})\s*号措施/,
  /\b(?:measure|article|clause)\s*(?:no\.?\s*|number\s*|#\s*)?(\d{1,3})\b(?!\s*(?:%|percent|days?))/i,
];

export function measureNumber(text: string): number | null {
  for (const re of MEASURE_NUMBER) {
    const m = re.exec(text);
    if (!m) continue;
    const n = parseChineseNumber(m[1]!);
    if (Number.isInteger(n) && n > 0) return n;
  }
  return null;
}

const SPOKEN_FIGURE = /([零〇一二两三四五六七八九十百]+)(个)?(分钟|小时|个工作日|工作日|天|周|个月|月|项|家|条)/g;

/** Figures said in words (九十分钟, 五个工作日) as the plans write them (90分钟, 5个工作日). */
export function spokenFigures(text: string): string[] {
  return spokenFigureMatches(text).map((f) => f.written);
}

export function spokenFigureMatches(text: string): { spoken: string; written: string }[] {
  const out: { spoken: string; written: string }[] = [];
  for (const m of text.matchAll(SPOKEN_FIGURE)) {
    const n = parseChineseNumber(m[1]!);
    if (Number.isFinite(n) && n > 0) out.push({ spoken: m[0], written: `${n}${m[2] ?? ""}${m[3]}` });
  }
  // A formula said aloud or by voice input (三加五加X) as the plans write it (3+5+X).
  for (const m of text.matchAll(SPOKEN_SUM)) {
    const terms = m[0].split("加").map((t) => (/^[a-z]$/i.test(t) ? t.toUpperCase() : String(parseChineseNumber(t))));
    if (terms.every((t) => t !== "NaN")) out.push({ spoken: m[0], written: terms.join("+") });
  }
  return out;
}

const SPOKEN_SUM = /(?:[零〇一二两三四五六七八九十]+|[a-z])(?:加(?:[零〇一二两三四五六七八九十]+|[a-z](?![a-z])))+/gi;

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/**
 * The 把 construction puts the object before the verb ("把公司关了"), while callers' phrases in the synonym
 * table are verb-object ("关公司"). Where the verb-object reading is such a phrase, the question is read
 * that way ("我想关公司，…"), so expansion and the refusal's concepts both see the phrase.
 */
const BA_CONSTRUCTION = /把([^把，。？！,.?!\s]{2,10}?)(?:掉了|了|掉)/gu;
export function unBa(text: string, phrases: ReadonlySet<string>): string {
  return text.replace(BA_CONSTRUCTION, (whole, span: string) => {
    // The verb is the span's last one or two characters (关 / 弄丢).
    for (const k of [1, 2]) {
      const reading = `${span.slice(-k)}${span.slice(0, -k)}`;
      if (span.length > k && phrases.has(reading)) return reading;
    }
    return whole;
  });
}

/**
 * Spoken Chinese puts a measure word between a verb and its object ("开个厂", "开了家店", "关了个公司")
 * where the synonym table has the bare phrase (开厂, 开店, 关公司): where dropping the measure word
 * makes such a phrase, the question is read without it.
 */
const VERB_MEASURE = /([\p{Script=Han}])(?:了)?(?:一)?(?:个|家|间|座|所)(?=[\p{Script=Han}])/gu;
export function unMeasure(text: string, phrases: ReadonlySet<string>): string {
  return text.replace(VERB_MEASURE, (whole, verb: string, offset: number) => {
    const after = text.slice(offset + whole.length);
    for (const k of [3, 2, 1]) if (after.length >= k && phrases.has(`${verb}${after.slice(0, k)}`)) return verb;
    return whole;
  });
}
