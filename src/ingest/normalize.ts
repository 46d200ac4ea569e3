/**
 * Repairs the damage PDF extraction does to Chinese plan text, without dropping real content:
 * paragraphs split by page breaks, page headers glued into unit labels, page numbers, mixed-width
 * punctuation, stray spaces between Chinese characters and digits.
 */

import { PAGE_NUMBER_RE, type SourceLine, sourceLines } from "./layout.ts";

const CJK = "\\u3400-\\u9fff\\uf900-\\ufaff";
const FULL_PUNCT = "，。、；：！？（）《》“”‘’〔〕【】";
const cjk = new RegExp(`[${CJK}]`);
const CN_NUM = "一二三四五六七八九十百";

/** Markers that begin a structural line; such a line is never glued to the one before it. */
export const PART_RE = new RegExp(`^(?:([${CN_NUM}]+)、|第([${CN_NUM}]+)(?:章|部分))\\s*`);
export const SECTION_RE = new RegExp(`^(?:（([${CN_NUM}]+)）|第([${CN_NUM}]+)节)\\s*`);
export const MEASURE_RE = new RegExp(`^(?:(\\d{1,3})[.．、](?!\\d)|（(\\d{1,3})）|第([${CN_NUM}零〇\\d]+)条)\\s*`);
/** Plans written as articles (第一条) use 第一章 / 第一节 for structure; （一） inside an article is an item list. */
export const ARTICLE_RE = new RegExp(`^第[${CN_NUM}零〇\\d]+条`);
export const UNIT_LABELS = ["责任单位", "责任部门", "牵头单位", "牵头部门", "配合单位", "配合部门", "协办单位", "主责单位"] as const;
const LABELS = UNIT_LABELS.join("|");
const LABEL_LINE_RE = new RegExp(`^（?\\s*(?:${LABELS})\\s*[：:]`);
/** A unit label group closes the line: `…。（责任单位：区府办）`. */
const LABEL_GROUP_END_RE = new RegExp(`（\\s*(?:${LABELS})\\s*：.*）$`);
/** How the name of a unit ends; a label line ending otherwise was cut inside a name (`区财` ⏎ `政局`). */
const UNIT_END_RE = /(?:局|委|办|院|中心|单位|部门|街镇|街道|镇|部|会|队|联|所|室|处|司|行|厅|站|组|团|社|等)$/;

const ORG = `(?:中共)?[${CJK}]{0,12}[省市区县][${CJK}]{0,20}(?:办公室|办公厅|人民政府|委员会|政府|领导小组|局|委|办)`;
/** An issuer line of a signature block; two issuers may share one line, separated by spaces. */
export const ISSUER_LINE_RE = new RegExp(`^${ORG}(?:[\\s、]+${ORG})*$`);
export const DATE_LINE_RE = /^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:印发)?$/;
export const DOC_NUMBER_RE = new RegExp(`[${CJK}]{1,12}[〔\\[【（(]\\d{4}[〕\\]】）)]\\d{1,4}号`);
/** A line that is only a 文号: the document's own number (a cited document's number stands inside a sentence). */
export const DOC_NUMBER_LINE_RE = new RegExp(`^${DOC_NUMBER_RE.source}$`);
const CLOSING_LINE_RE = /^本.{0,20}自.{2,30}起(?:施行|实施|执行)/;
const TITLE_LINE_RE = /(?:方案|计划|措施|意见|办法|规划|细则|若干规定)$/;
/**
 * NFKC folds full-width letters, digits and punctuation and the Kangxi radicals PDF extraction emits (⼀ → 一),
 * but it would also turn ① into 1, …… into ......, ㎡ into m2: those are kept as written.
 */
const NFKC_KEEP = /[\u2026\u2103\u2460-\u2473\u3251-\u325f\u32b1-\u32bf\u33a1]/u;

const HEADING_ONLY_RE = new RegExp(`^(?:[${CN_NUM}]+、|（[${CN_NUM}]+）|第[${CN_NUM}]+(?:章|部分|节))[^。；，！？]{0,40}$`);
const MIN_CUT_LENGTH = 25;

export interface NormalizedText {
  text: string;
  /** For each output line, the 1-based line of the source where it starts. */
  sourceLines: number[];
  /** For each output line, the page (by form feeds) where it starts. */
  pages: number[];
}

/** One line as normalization sees it: width folded, punctuation canonical, trimmed. */
export function cleanLine(line: string): string {
  return canonicalPunctuation(foldWidth(line).replace(/[\u200b-\u200d\u2060\u00ad]/g, "")).trim();
}

/** Normalizes a raw text, or lines already split (and located) by the layout pass. */
export function normalizeText(input: string | SourceLine[]): NormalizedText {
  const lines = typeof input === "string" ? sourceLines(input) : input;
  const out: string[] = [];
  const located: number[] = [];
  const pages: number[] = [];
  let inBody = false;
  for (const { text, line: source, page } of lines) {
    const line = cleanLine(text);
    if (!line || PAGE_NUMBER_RE.test(line)) continue;
    for (const piece of splitIssuers(line).map(tidySpaces)) {
      const prev = out.at(-1);
      if (prev !== undefined && continues(prev, piece, inBody)) {
        out[out.length - 1] = joinFragments(prev, piece);
      } else {
        out.push(piece);
        located.push(source);
        pages.push(page);
      }
      inBody ||= startsBlock(piece);
    }
  }
  return { text: out.map((line) => tidySpaces(canonicalPunctuation(line))).join("\n"), sourceLines: located, pages };
}

/**
 * Radical forms that PDF text layers emit for simplified characters (⺠政府 for 民政府): NFKC has no mapping
 * for the CJK Radicals Supplement, and folds the Kangxi radical ⼾ (the glyph of 户) to the traditional 戶.
 */
const RADICALS: Record<string, string> = {
  "⼾": "户",
  "⺠": "民",
  "⻔": "门",
  "⻓": "长",
  "⻅": "见",
  "⻋": "车",
  "⻛": "风",
  "⻢": "马",
  "⻜": "飞",
  "⻩": "黄",
  "⻬": "齐",
  "⻆": "角",
  "⻄": "西",
  "⺟": "母",
  "⻚": "页",
  "⻘": "青",
  "⻉": "贝",
  "⻙": "韦",
  "⻰": "龙",
  "⻳": "龟",
  "⻣": "骨",
  "⻤": "鬼",
  "⻥": "鱼",
  "⻦": "鸟",
  "⻨": "麦",
  "⻮": "齿",
  "⻝": "食",
  "⻁": "虎",
  "⻧": "卤",
  "⻯": "龙",
  "⻑": "長",
};
const RADICAL_RE = new RegExp(`[${Object.keys(RADICALS).join("")}]`, "gu");

const NFKC_SPLIT_RE = new RegExp(`(${NFKC_KEEP.source})`, "u");

/** Characters NFKC leaves as they are: most lines of a plan hold nothing else, and skip the fold. */
const NFKC_STABLE_RE = /^[\u0000-\u007F\u4E00-\u9FFF\u3001-\u3003\u3008-\u3011\u3014-\u301F\u2010-\u2015\u2018-\u201F]*$/;

function foldWidth(s: string): string {
  if (NFKC_STABLE_RE.test(s)) return s;
  let out = "";
  const radicals = s.replace(RADICAL_RE, (ch) => RADICALS[ch]!);
  for (const run of radicals.split(NFKC_SPLIT_RE)) out += NFKC_KEEP.test(run) ? run : run.normalize("NFKC");
  return out;
}

/** `上海市某区人民政府办公室　上海市某区司法局`: one issuer per line, so none is glued to its neighbour. */
function splitIssuers(line: string): string[] {
  return /\s/.test(line) && ISSUER_LINE_RE.test(line) ? line.split(/\s+/) : [line];
}

function startsBlock(line: string): boolean {
  return PART_RE.test(line) || SECTION_RE.test(line) || MEASURE_RE.test(line);
}

export function startsStructure(line: string): boolean {
  return startsBlock(line) || LABEL_LINE_RE.test(line);
}

/** Lines that stand alone whatever surrounds them: signature blocks, dates, document numbers. */
function standalone(line: string): boolean {
  return ISSUER_LINE_RE.test(line) || DATE_LINE_RE.test(line) || DOC_NUMBER_LINE_RE.test(line);
}

/** A plan title above the text: short, no punctuation, ends like 方案 / 措施. */
function titleLike(line: string): boolean {
  return [...line].length <= 60 && !/[。，：；！？（《“]/.test(line) && TITLE_LINE_RE.test(line);
}

/** Whether `next` continues `prev`: a fragment cut by a page break rather than a paragraph end. */
function continues(prev: string, next: string, inBody: boolean): boolean {
  if (startsStructure(next)) return labelCutBefore(prev, next) !== null || wrappedEnumeration(prev, next);
  if (standalone(prev) || (!inBody && (titleLike(prev) || /(?:的通知|的意见|的决定|的函)$/.test(prev)))) return false;
  if (hasOpenBracket(prev) || /[、，]$/.test(prev)) return true;
  if (LABEL_LINE_RE.test(prev)) return !prev.endsWith("）") && !UNIT_END_RE.test(prev) && !standalone(next);
  if (standalone(next) || CLOSING_LINE_RE.test(next)) return false;
  if (endsSentence(prev) || HEADING_ONLY_RE.test(prev)) return false;
  // In the body every paragraph ends with punctuation; before it, title and addressee lines may not.
  return inBody || [...prev].length >= MIN_CUT_LENGTH;
}

/** `（二）首贷户融资；（三）…` at a line start: an enumeration the hard wrap put there, not a heading. */
function wrappedEnumeration(prev: string, next: string): boolean {
  const m = /^（[一二三四五六七八九十\d]{1,3}）[^。；，：（）]{0,30}([。；，：]|$)/.exec(next);
  // A list laid out one item per line (the previous line is an item too, or ends with its lead-in ：) stays.
  return m?.[1] === "；" && /[；，、]$/.test(prev) && !/^（[一二三四五六七八九十\d]{1,3}）/.test(prev);
}

function endsSentence(line: string): boolean {
  if (/[。！？；：]”?$/.test(line)) return true;
  if (!line.endsWith("）")) return false;
  // `…。（责任单位：区府办）` ends a measure; `依托中以（上海）` is cut mid-sentence.
  if (LABEL_GROUP_END_RE.test(line)) return true;
  const open = line.lastIndexOf("（");
  return open <= 0 || /[。！？；：]$/.test(line.slice(0, open));
}

/** `（责` + `责任单位：…`: a label started before the page break and was printed again after it. */
function labelCutBefore(prev: string, next: string): number | null {
  const m = /（\s*([\u4e00-\u9fff]{0,3})$/.exec(prev);
  if (!m) return null;
  const fragment = m[1]!;
  const label = UNIT_LABELS.find((l) => next.replace(/^（\s*/, "").startsWith(l));
  return label && label.startsWith(fragment) && label !== fragment ? fragment.length : null;
}

function joinFragments(prev: string, next: string): string {
  const cut = labelCutBefore(prev, next);
  if (cut !== null) return prev.slice(0, prev.length - cut) + next.replace(/^（\s*/, "");
  return prev + next;
}

function hasOpenBracket(line: string): boolean {
  const count = (re: RegExp) => (line.match(re) ?? []).length;
  return count(/（/g) > count(/）/g) || count(/《/g) > count(/》/g) || count(/“/g) > count(/”/g);
}

/** Half-width brackets, colons, commas and semicolons in Chinese context become full-width. */
export function canonicalPunctuation(line: string): string {
  const near = (s: string | undefined) => s !== undefined && (cjk.test(s) || FULL_PUNCT.includes(s));
  const before = (s: string, offset: number) => s.slice(0, offset).trimEnd().at(-1);
  const after = (s: string, offset: number) => s.slice(offset).trimStart()[0];
  // A bracket pair goes full-width as a whole: `(1)推进`, `(九) 加强`, `示范站(点)`.
  let s = line.replace(/\(([^()]*)\)/g, (whole, inner: string, offset: number) =>
    cjk.test(inner) || near(before(line, offset)) || near(after(line, offset + whole.length)) ? `（${inner}）` : whole,
  );
  s = s.replace(/[(),:;?!]/g, (ch, offset: number) => {
    const full = { "(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "?": "？", "!": "！" }[ch as "("];
    return near(before(s, offset)) || near(after(s, offset + 1)) ? full : ch;
  });
  return s;
}

const TIGHT = `[${CJK}${FULL_PUNCT}]`;
const SPACE_AFTER_TIGHT_RE = new RegExp(`(${TIGHT}) (?=${TIGHT}|\\d)`, "g");
const SPACE_AFTER_DIGIT_RE = new RegExp(`(?<![A-Za-z][\\w.-]*)(\\d|%) (?=${TIGHT})`, "g");
const SPACE_AFTER_PUNCT_RE = new RegExp(`([${FULL_PUNCT}]) `, "g");
const SPACE_BEFORE_PUNCT_RE = new RegExp(` (?=[${FULL_PUNCT}])`, "g");

/** Drops spaces between Chinese characters, digits and full-width punctuation; keeps them around Latin words. */
export function tidySpaces(line: string): string {
  if (!/\s|\u00a0/.test(line)) return line;
  return line
    .replace(/[\s\u00a0]+/g, " ")
    .replace(SPACE_AFTER_TIGHT_RE, "$1")
    .replace(SPACE_AFTER_DIGIT_RE, "$1")
    .replace(SPACE_AFTER_PUNCT_RE, "$1")
    .replace(SPACE_BEFORE_PUNCT_RE, "")
    .trim();
}
