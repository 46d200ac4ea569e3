/**
 * Repairs the damage PDF extraction does to Chinese plan text, without dropping real content:
 * paragraphs split by page breaks, page headers glued into unit labels, mixed-width punctuation,
 * stray spaces between Chinese characters and digits.
 */

const CJK = "\\u3400-\\u9fff\\uf900-\\ufaff";
const FULL_PUNCT = "，。、；：！？（）《》“”‘’〔〕【】";
const cjk = new RegExp(`[${CJK}]`);

/** Markers that begin a structural line; such a line is never glued to the one before it. */
export const PART_RE = /^(?:([一二三四五六七八九十百]+)、|第([一二三四五六七八九十百]+)[章部])\s*/;
export const SECTION_RE = /^(?:（([一二三四五六七八九十百]+)）|第([一二三四五六七八九十百]+)节)\s*/;
export const MEASURE_RE = /^(?:(\d{1,3})[.．、](?!\d)|（(\d{1,3})）|第([一二三四五六七八九十百零〇\d]+)条)\s*/;
export const UNIT_LABELS = ["责任单位", "责任部门", "牵头单位", "牵头部门", "配合单位", "配合部门", "协办单位", "主责单位"] as const;
const LABEL_LINE_RE = new RegExp(`^（?\\s*(?:${UNIT_LABELS.join("|")})\\s*[：:]`);

/** A line the next one continues: a fragment cut by a page break rather than a paragraph end. */
const TERMINAL_RE = /[。！？；：）]$/;
const HEADING_ONLY_RE = /^(?:[一二三四五六七八九十百]+、|（[一二三四五六七八九十百]+）|第[一二三四五六七八九十百]+[章部节])[^。；，！？]{0,40}$/;
const MIN_CUT_LENGTH = 25;

export interface NormalizedText {
  text: string;
  /** For each output line, the 1-based line of the source where it starts. */
  sourceLines: number[];
}

export function normalizeText(raw: string): NormalizedText {
  const lines = raw
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .normalize("NFKC")
    .split("\n")
    .map((line) => canonicalPunctuation(line.replace(/[\u200b-\u200d\u2060]/g, "")).trim());

  const out: string[] = [];
  const sourceLines: number[] = [];
  lines.forEach((line, i) => {
    if (!line) return;
    const prev = out.at(-1);
    if (prev !== undefined && continues(prev, line)) {
      out[out.length - 1] = joinFragments(prev, line);
    } else {
      out.push(line);
      sourceLines.push(i + 1);
    }
  });
  return { text: out.map((line) => tidySpaces(canonicalPunctuation(line))).join("\n"), sourceLines };
}

function continues(prev: string, next: string): boolean {
  if (startsStructure(next)) return labelCutBefore(prev, next) !== null;
  if (TERMINAL_RE.test(prev) || HEADING_ONLY_RE.test(prev)) return false;
  return hasOpenBracket(prev) || /[、，]$/.test(prev) || [...prev].length >= MIN_CUT_LENGTH;
}

export function startsStructure(line: string): boolean {
  return PART_RE.test(line) || SECTION_RE.test(line) || MEASURE_RE.test(line) || LABEL_LINE_RE.test(line);
}

/** `（责` + `责任单位：…`: a label started before the page break and was printed again after it. */
function labelCutBefore(prev: string, next: string): number | null {
  const m = /（\s*([\u4e00-\u9fff]{1,3})$/.exec(prev);
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
  let s = line.replace(/\(([^()]*)\)/g, (whole, inner: string, offset: number) =>
    cjk.test(inner) || near(line[offset - 1]) ? `（${inner}）` : whole,
  );
  s = s.replace(/[(),:;?!]/g, (ch, offset: number) => {
    const before = s.slice(0, offset).trimEnd().at(-1);
    const after = s.slice(offset + 1).trimStart()[0];
    const full = { "(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "?": "？", "!": "！" }[ch as "("];
    if (ch === "(") return near(after) ? full : ch;
    if (ch === ")" || ch === ":") return near(before) ? full : ch;
    return near(before) || near(after) ? full : ch;
  });
  return s;
}

/** Drops spaces between Chinese characters, digits and full-width punctuation; keeps them around Latin words. */
export function tidySpaces(line: string): string {
  const tight = `[${CJK}${FULL_PUNCT}]`;
  return line
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(new RegExp(`(${tight}) (?=${tight}|\\d)`, "g"), "$1")
    .replace(new RegExp(`(\\d|%) (?=${tight})`, "g"), "$1")
    .replace(new RegExp(`([${FULL_PUNCT}]) `, "g"), "$1")
    .replace(new RegExp(` (?=[${FULL_PUNCT}])`, "g"), "")
    .trim();
}
