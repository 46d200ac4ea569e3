import { canonicalUnit, UNIT_TABLE } from "../ingest/units.ts";
import { parseChineseNumber } from "../ingest/numerals.ts";
import type { Clause } from "../plan/schema.ts";
import { toSimplified } from "../understand/script.ts";
import { URL_CHARS } from "./check.ts";

/**
 * What an LLM answer states, checked against the clauses it cites (pure functions): every measure number,
 * section, unit, figure and plan title must be found there, or the answer is not used.
 */

/** What is checked of a cited clause; its plan id (putuo-2021) was shown to the model, so its year is a fact too. */
export type CheckedClause = Pick<Clause, "text" | "measure" | "sectionPath" | "units"> & {
  deadline?: Clause["deadline"];
  planId?: string;
};

export interface CheckSource {
  clauses: CheckedClause[];
  /** Titles of the cited plans. */
  planTitles: string[];
}

export type CheckFailure =
  | "llm_unsupported_measure"
  | "llm_unsupported_section"
  | "llm_unsupported_unit"
  | "llm_unsupported_figure"
  | "llm_unsupported_title";

export type CheckResult = { ok: true } | { ok: false; reason: CheckFailure; found: string };

/** Figures an answer may state without a clause: the citizen hotline every answer may point to. */
const ALWAYS_ALLOWED_NUMBERS = new Set(["12345"]);

const CN_NUM = "[零〇一二两三四五六七八九十百]+";
const MEASURE_ZH_RE = new RegExp(
  String.raw`第\s*((?:\d+|${CN_NUM})(?:\s*(?:、|,|，|和|及|至|-|—|~)\s*(?:第\s*)?(?:\d+|${CN_NUM}))*)\s*条`,
  "g",
);
const MEASURE_EN_RE = /\b(?:measures?|articles?|items?|clauses?)\s+(?:no\.?\s*)?(\d+(?:\s*(?:,|and|&|to|-|–)\s*\d+)*)/gi;
const SECTION_PAREN_RE = new RegExp(String.raw`[（(]\s*(${CN_NUM})\s*[)）]`, "g");
const PART_RE = new RegExp(String.raw`第\s*(${CN_NUM})\s*(?:部分|章|节)`, "g");
const NUMBER_RE = /\d+(?:[.,]\d+)*/g;
/** A Chinese numeral used as a quantity (五天, 十个工作日, 三项). */
const CN_QUANTITY_RE = new RegExp(
  String.raw`(${CN_NUM})\s*(?=个?(?:工作日|天|日|小时|分钟|月|年|周|项|场|家|次|件|户|倍|万元|亿元|元|人|%))`,
  "g",
);
/**
 * A Chinese unit name: 区/市 then a few characters (no second 区, no punctuation) and an organ's suffix that is
 * not the start of an ordinary word (办理, 局面, 委托, 部门…).
 */
const UNIT_ZH_RE =
  /[区市](?:[\u4e00-\u9fa5](?<!区)){1,10}?(?:委员会|管理局|分局|局(?![面限势部])|委(?![托屈])|办公室|办(?![理法事结件好])|中心|法院|检察院|支队|工商联|署|部(?![门分署位]))/g;

/** A capitalized English name starting District/Municipal/Shanghai (maximal), unless a Chinese name in brackets follows. */
const NAME_EN_RE = /\b(?:District|Municipal|Shanghai)(?:\s+(?:[A-Z][\w'-]*|and|of|for|the|&))*(?!\s*[(（]\s*[\u4e00-\u9fa5])/g;
/** Words that make such a name an organ's: a claim about a unit. */
const ORGAN_EN_RE =
  /\b(?:Bureau|Commission|Office|Cent(?:er|re)|Administration|Committee|Department|Court|Procuratorate|Federation|Detachment)\b/;

/** Numbers as written, NFKC-normalized (full-width digits), without thousands separators. */
function numbersIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(NUMBER_RE)) out.push(canonicalNumber(m[0]));
  for (const m of text.matchAll(CN_QUANTITY_RE)) {
    const n = parseChineseNumber(m[1]!);
    if (Number.isFinite(n)) out.push(String(n));
  }
  return out;
}

function canonicalNumber(s: string): string {
  const plain = s.replace(/,(?=\d{3}\b)/g, "");
  const n = Number(plain);
  return Number.isFinite(n) ? String(n) : plain;
}

function parseNumber(s: string): number {
  return /^\d+$/.test(s) ? Number(s) : parseChineseNumber(s);
}

function unitKeys(name: string): string[] {
  const c = canonicalUnit(name);
  return [name, c.name];
}

/** Where the answer is checked: the text of the cited clauses and their plans, NFKC-normalized. */
function sourceOf(source: CheckSource) {
  const norm = (s: string) => toSimplified(s.normalize("NFKC"));
  const parts: string[] = [...source.planTitles];
  for (const c of source.clauses) {
    parts.push(c.text, ...c.sectionPath, c.deadline?.text ?? "", c.planId ?? "");
    for (const u of c.units) parts.push(u.name, u.canonical ?? "");
  }
  const text = norm(parts.join("\n"));
  const measures = new Set(source.clauses.flatMap((c) => (c.measure === null ? [] : [c.measure])));
  // How many clauses are cited is a figure the answer may state (负责3项措施).
  const numbers = new Set([...numbersIn(text), String(source.clauses.length)]);
  const units = new Set(
    source.clauses.flatMap((c) => c.units.flatMap((u) => [...unitKeys(u.name), ...(u.canonical ? unitKeys(u.canonical) : [])])),
  );
  const unitsEn = new Set(
    source.clauses.flatMap((c) => c.units.flatMap((u) => [u.nameEn, canonicalUnit(u.name).nameEn].filter((n): n is string => !!n))),
  );
  return { text, measures, numbers, units, unitsEn, titles: source.planTitles.map(norm) };
}

/**
 * Checks that an LLM answer states only what its cited clauses say: measure numbers (第N条, measure N),
 * sections ((三), 第二部分), units (Chinese names, and the English names of known units), figures (every
 * number) and plan titles (《…》), on both sides in NFKC form and Simplified script. The first claim not
 * found is reported.
 */
export function verifyAgainstClauses(answer: string, source: CheckSource): CheckResult {
  const src = sourceOf(source);
  // URLs were already vetted by sanitizeText; their digits are not figures.
  let text = toSimplified(answer.normalize("NFKC"))
    .replace(new RegExp(`(?:https?:\\/\\/|www\\.)${URL_CHARS}+`, "gi"), " ")
    // List numbering at the start of a line (1. / 2、 / (3)) orders the answer; it states no figure.
    .replace(/^[ \t]*(?:\d{1,2}[.、)](?!\d)|\(\d{1,2}\))/gm, " ");

  const measureRefs: string[] = [];
  const takeMeasures = (re: RegExp, split: RegExp) => {
    text = text.replace(re, (whole: string, list: string) => {
      for (const n of list
        .split(split)
        .map((s) => s.replace(/^第\s*/, "").trim())
        .filter(Boolean)) {
        const value = parseNumber(n);
        const ok = src.measures.has(value) || src.text.includes(`第${value}条`) || src.text.includes(`第${n}条`);
        if (!ok) measureRefs.push(whole);
      }
      return " ";
    });
  };
  takeMeasures(MEASURE_ZH_RE, /\s*(?:、|,|，|和|及|至|-|—|~)\s*/);
  takeMeasures(MEASURE_EN_RE, /\s*(?:,|and|&|to|-|–)\s*/);
  if (measureRefs.length) return { ok: false, reason: "llm_unsupported_measure", found: measureRefs[0]! };

  for (const m of text.matchAll(SECTION_PAREN_RE)) {
    if (!src.text.includes(`(${m[1]})`)) return { ok: false, reason: "llm_unsupported_section", found: m[0] };
  }
  for (const m of text.matchAll(PART_RE)) {
    const heading = new RegExp(`(?:^|\\n)${m[1]}、`);
    if (!heading.test(src.text) && !src.text.includes(m[0])) return { ok: false, reason: "llm_unsupported_section", found: m[0] };
  }
  text = text.replace(SECTION_PAREN_RE, " ").replace(PART_RE, " ");

  for (const m of text.matchAll(/《([^》]{1,80})》/g)) {
    const t = m[1]!.trim();
    if (!src.text.includes(t) && !src.titles.some((title) => title.includes(t))) {
      return { ok: false, reason: "llm_unsupported_title", found: m[0] };
    }
  }

  const unitOk = (name: string) => src.text.includes(name) || unitKeys(name).some((k) => src.units.has(k));
  for (const m of text.matchAll(UNIT_ZH_RE)) {
    if (!unitOk(m[0])) return { ok: false, reason: "llm_unsupported_unit", found: m[0] };
  }
  for (const entry of UNIT_TABLE) {
    // Collective names (相关部门, 各街镇) are ordinary words in prose, not a claim about one unit.
    for (const name of [entry.name, ...entry.aliases].filter((n) => /^[区市]/.test(n))) {
      if (text.includes(name) && !unitOk(name)) return { ok: false, reason: "llm_unsupported_unit", found: name };
    }
    if (text.includes(entry.nameEn) && !src.unitsEn.has(entry.nameEn)) {
      return { ok: false, reason: "llm_unsupported_unit", found: entry.nameEn };
    }
  }

  // An English unit name is the English of a cited unit, or carries the Chinese name (checked above) in brackets.
  for (const m of text.matchAll(NAME_EN_RE)) {
    const name = m[0].replace(/(?:\s+(?:and|of|for|the|&))+$/, "");
    if (!ORGAN_EN_RE.test(name)) continue;
    if (![...src.unitsEn].some((en) => name.includes(en) || en.includes(name))) {
      return { ok: false, reason: "llm_unsupported_unit", found: name };
    }
  }

  for (const n of numbersIn(text)) {
    if (!src.numbers.has(n) && !ALWAYS_ALLOWED_NUMBERS.has(n)) return { ok: false, reason: "llm_unsupported_figure", found: n };
  }
  return { ok: true };
}
