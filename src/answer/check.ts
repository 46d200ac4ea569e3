import { canonicalUnit, UNIT_TABLE } from "../ingest/units.ts";
import { parseChineseNumber } from "../ingest/numerals.ts";
import type { Clause } from "../plan/schema.ts";
import { type Lang, toSimplified } from "../understand/script.ts";
import type { Answer } from "./schema.ts";

/**
 * Output checks, whatever wrote the answer (LLM, curated, extractive): pure functions.
 * - sanitizeText: no HTML; links and images only to allowed origins (the answer is plain text or markdown,
 *   never HTML, so anything a renderer could treat as markup is removed or neutralized, not parsed);
 * - capText: a length cap with a note;
 * - verifyAgainstClauses: every measure number, section, unit, figure and plan title an LLM states must be in
 *   the clauses it cites.
 */

export interface OutputPolicy {
  /** Longest answer text, in characters (UTF-16 code units), on every route and stream. */
  maxChars: number;
  /** Origins (scheme://host[:port]) that links and images may point to; none by default. */
  linkOrigins: readonly string[];
}

export const DEFAULT_OUTPUT_POLICY: OutputPolicy = { maxChars: 4000, linkOrigins: [] };

// ---------------------------------------------------------------------------------------------------------
// Sanitizing

/** Elements whose content is never text for the reader. */
const BLOCK_RE = /<(script|style|iframe|object|embed|svg|math|template|noscript|textarea|xmp|title|head)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
const COMMENT_RE = /<!--[\s\S]*?(?:-->|$)/g;
/** Any tag, declaration or processing instruction (an autolink <scheme:…> is one too). */
const TAG_RE = /<\/?[A-Za-z][^<>]*>|<[!?][^<>]*>/g;
/** What is left that a renderer could still take for the start of a tag. */
const TAG_START_RE = /<(?=[A-Za-z/!?])/g;
/** Control characters other than tab and newline, and bidirectional overrides that can disguise text. */
const CONTROL_RE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const URL_CHARS = String.raw`[^\s<>"'\x60()（）\[\]{}，。；！？、“”‘’《》【】]`;
/**
 * In one pass, so a kept link is not looked at twice: a markdown image or link (with an optional title; a
 * target may hold balanced parentheses, as CommonMark allows), a reference definition, or a bare URL (GFM
 * autolinks http(s):// and www.).
 */
const LINK_RE = new RegExp(
  [
    String.raw`(!?)\[([^\]\n]*)\]\(\s*<?((?:[^()\s<>]|\([^()\s<>]*\))*)>?(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?\s*\)`,
    String.raw`^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S*?)>?(?:[ \t].*)?$`,
    String.raw`((?:https?:\/\/|www\.)${URL_CHARS}+)`,
  ].join("|"),
  "gmi",
);

function originOf(url: string): string | null {
  try {
    const u = new URL(url.startsWith("www.") ? `https://${url}` : url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.origin : null;
  } catch {
    return null;
  }
}

/** Normalizes configured origins (trailing slashes, paths, case) to URL origins; anything else is dropped. */
export function normalizeOrigins(origins: readonly string[]): string[] {
  return origins.map((o) => originOf(o.trim())).filter((o): o is string => o !== null);
}

export interface SanitizeOptions {
  linkOrigins: readonly string[];
  /** Source text (the cited clauses): a URL quoted from it is not the writer's invention. */
  trusted?: string;
}

/** Plain text or markdown without HTML, and with links and images only to allowed origins. */
export function sanitizeText(text: string, options: SanitizeOptions): string {
  const origins = new Set(normalizeOrigins(options.linkOrigins));
  const allowed = (url: string) => {
    const origin = originOf(url);
    return origin !== null && origins.has(origin);
  };
  const quoted = (url: string) => !!options.trusted && url.length > 0 && options.trusted.includes(url);
  return text
    .replace(/\r\n?/g, "\n")
    .replace(CONTROL_RE, "")
    .replace(COMMENT_RE, "")
    .replace(BLOCK_RE, "")
    .replace(/<((?:https?:)?\/\/[^\s<>]+)>/gi, (_m, url: string) => (allowed(url) ? url : ""))
    .replace(TAG_RE, "")
    .replace(TAG_START_RE, "＜")
    .replace(LINK_RE, (match, bang: string, label: string, target: string, refTarget: string, bare: string) => {
      if (bare !== undefined) return allowed(bare) || quoted(bare) ? bare : "";
      if (refTarget !== undefined) return allowed(refTarget) ? match : "";
      if (bang) return allowed(target) ? match : "";
      return allowed(target) || quoted(target) ? match : label;
    })
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

// ---------------------------------------------------------------------------------------------------------
// Length cap

const TRUNCATED: Record<Lang, string> = {
  zh: "……（回答过长，已截短；完整内容请查看所引条款原文。）",
  en: "… (answer shortened; see the cited clauses for the full text)",
};
const SENTENCE_END_RE = /[。！？；\n]|[.!?;](?=\s)/g;

/** At most maxChars: cut at a sentence end where one is near, never inside a surrogate pair, with a note. */
export function capText(text: string, maxChars: number, lang: Lang): string {
  if (text.length <= maxChars) return text;
  const note = TRUNCATED[lang];
  let cut = Math.max(0, maxChars - note.length);
  let sentenceEnd = -1;
  for (const m of text.slice(0, cut).matchAll(SENTENCE_END_RE)) sentenceEnd = m.index + 1;
  if (sentenceEnd >= cut * 0.6) cut = sentenceEnd;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${text.slice(0, cut).trimEnd()}${note}`.slice(0, maxChars);
}

// ---------------------------------------------------------------------------------------------------------
// Checking an LLM answer against the clauses it cites

export type CheckedClause = Pick<Clause, "text" | "measure" | "sectionPath" | "units"> & { deadline?: Clause["deadline"] };

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
    parts.push(c.text, ...c.sectionPath, c.deadline?.text ?? "");
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
  let text = toSimplified(answer.normalize("NFKC")).replace(new RegExp(`(?:https?:\\/\\/|www\\.)${URL_CHARS}+`, "gi"), " ");

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

// ---------------------------------------------------------------------------------------------------------
// Every answer, on its way out

/** The last step for every answer: sanitized (URLs quoted from its citations may stay) and capped. */
export function finalizeAnswer(answer: Answer, policy: OutputPolicy): Answer {
  const trusted = answer.citations.map((c) => c.text).join("\n");
  const text = capText(sanitizeText(answer.answer, { linkOrigins: policy.linkOrigins, trusted }), policy.maxChars, answer.lang);
  return text === answer.answer ? answer : { ...answer, answer: text };
}

// ---------------------------------------------------------------------------------------------------------
// Streaming

/**
 * Where streamed text stops being final: text after an unclosed tag, comment, script block or markdown
 * bracket, and a trailing run that may still grow into a URL, could change once more text arrives.
 */
export function stableLength(raw: string): number {
  let cut = raw.length;
  const lastLt = raw.lastIndexOf("<");
  if (lastLt >= 0 && raw.indexOf(">", lastLt) < 0) cut = Math.min(cut, lastLt);
  const comment = raw.lastIndexOf("<!--");
  if (comment >= 0 && raw.indexOf("-->", comment) < 0) cut = Math.min(cut, comment);
  for (const m of raw.matchAll(/<(script|style|iframe|object|embed|svg|math|template|noscript|textarea|xmp|title|head)\b/gi)) {
    if (!new RegExp(`</${m[1]}\\s*>`, "i").test(raw.slice(m.index))) {
      cut = Math.min(cut, m.index);
      break;
    }
  }
  const bracket = raw.lastIndexOf("[");
  if (bracket >= 0 && raw.indexOf(")", bracket) < 0) cut = Math.min(cut, bracket > 0 && raw[bracket - 1] === "!" ? bracket - 1 : bracket);
  const tail = /[A-Za-z0-9:/._~%?#=&+\-@]+$/.exec(raw.slice(0, cut));
  if (tail) cut = tail.index;
  return cut;
}

/**
 * Turns the growing raw text of a model's answer into deltas that are safe to show at once: each push
 * transforms (sanitizes, converts script, caps) the stable part and returns what extends what was already
 * sent. When a transform rewrites text already sent, nothing more is sent; the end of the stream
 * reconciles (see the routes' v1.replace).
 */
export function createStreamGate(transform: (stable: string) => string, maxChars: number) {
  let sent = "";
  return {
    push(raw: string): string {
      if (sent.length >= maxChars) return "";
      const stable = transform(raw.slice(0, stableLength(raw))).slice(0, maxChars);
      if (stable.length <= sent.length || !stable.startsWith(sent)) return "";
      const delta = stable.slice(sent.length);
      sent = stable;
      return delta;
    },
    sent: () => sent,
  };
}

/** How a stream ends once the final answer is known: the rest of it, or a replacement of what was shown. */
export function reconcile(sent: string, final: string): { kind: "append"; text: string } | { kind: "replace"; text: string } {
  return final.startsWith(sent) ? { kind: "append", text: final.slice(sent.length) } : { kind: "replace", text: final };
}
