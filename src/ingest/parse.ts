import { PlanParseError } from "../errors.ts";
import { measureGroups, numberingRestarts } from "../plan/clauses.ts";
import type { Measure, Part, Plan, PlanMeta, PlanMetaSidecar, Section, Span, UnitRef } from "../plan/schema.ts";
import { ARTICLE_RE, DATE_LINE_RE, DOC_NUMBER_RE, ISSUER_LINE_RE, MEASURE_RE, normalizeText, PART_RE, SECTION_RE } from "./normalize.ts";
import { parseChineseNumber } from "./numerals.ts";
import { extractTargets } from "./targets.ts";
import { isUnitLine, responsibleUnits } from "./units.ts";

/** Bump when a parser change alters what is extracted from unchanged files: the index manifest records it, so the index rebuilds. */
export const PARSER_VERSION = 1;

export interface ParseInput {
  planId: string;
  /** Shown in error messages, e.g. `corpus/putuo-2021.txt`. */
  file: string;
  raw: string;
  sidecar?: PlanMetaSidecar;
}

export interface ParseWarning {
  line: number;
  message: string;
}

export interface ParseResult {
  plan: Plan;
  warnings: ParseWarning[];
}

interface Line {
  text: string;
  start: number;
  end: number;
  /** 1-based line in the source file. */
  source: number;
}

/** The markers a plan uses for its parts, sections and measures. */
interface Markers {
  part: RegExp;
  section: RegExp;
  measure: RegExp;
}

const CN_NUM = "一二三四五六七八九十百";
/** In plans written as articles, （一） and 一、 are item lists inside an article, not headings. */
const ARTICLE_MARKERS: Markers = {
  part: new RegExp(`^第([${CN_NUM}]+)(?:章|部分)\\s*`),
  section: new RegExp(`^第([${CN_NUM}]+)节\\s*`),
  measure: new RegExp(`^第([${CN_NUM}零〇\\d]+)条\\s*`),
};
const PLAIN_MARKERS: Markers = { part: PART_RE, section: SECTION_RE, measure: MEASURE_RE };

const TITLE_RE = /(?:方案|计划|措施|意见|办法|规划|细则|若干规定)$/;
const CLOSING_RE = /^本.{0,20}(?:自.{2,30}起(?:施行|实施|执行)|由.{2,30}负责解释)/;
const END_MATTER_RE = /^(?:（共印\d+份）|（此件(?:公开发布|主动公开|不予公开)）|抄送.*|附件.*)$/;
const DATE_RE = /(\d{4})年(\d{1,2})月(\d{1,2})日/;
const EFFECTIVE_RE = /自(\d{4})年(\d{1,2})月(\d{1,2})日起(?:施行|实施|执行)/;

/** Parses a plan text into its typed tree: metadata, introduction, parts, sections, measures. */
export function parsePlan({ planId, file, raw, sidecar }: ParseInput): ParseResult {
  const rawLines = raw.split(/\r\n?|\n/);
  const nulLine = rawLines.findIndex((l) => l.includes("\u0000"));
  if (nulLine >= 0) throw new PlanParseError(file, nulLine + 1, "binary data (NUL byte): not a text file");
  const badLine = rawLines.findIndex((l) => l.includes("\uFFFD"));
  if (badLine >= 0) throw new PlanParseError(file, badLine + 1, "invalid UTF-8 (replacement character); is the file GBK-encoded?");

  const normalized = normalizeText(raw);
  const text = normalized.text;
  if (!text.trim()) throw new PlanParseError(file, 1, "the file is empty");
  const lines = splitLines(text, normalized.sourceLines);

  const markers = lines.some((l) => ARTICLE_RE.test(l.text)) ? ARTICLE_MARKERS : PLAIN_MARKERS;
  const firstStructure = lines.findIndex((l) => markers.part.test(l.text) || markers.section.test(l.text) || markers.measure.test(l.text));
  if (firstStructure < 0) {
    throw new PlanParseError(file, 1, "no parts (一、/第一章), sections (（一）/第一节) or numbered measures (1. /（1）/第一条) found");
  }

  const front = lines.slice(0, firstStructure);
  const titleAt = findTitle(front, sidecar?.title);
  const title =
    sidecar?.title ??
    (titleAt
      ? front
          .slice(titleAt.start, titleAt.end)
          .map((l) => l.text)
          .join("")
      : undefined);
  if (!title) throw new PlanParseError(file, 1, 'no plan title found: add a title line or a "title" in the metadata sidecar');

  const introLines = front.slice(titleAt ? titleAt.end : 0);
  const beforeTitle = front.slice(0, titleAt?.start ?? 0);
  let bodyEnd = lines.length;
  while (bodyEnd > firstStructure + 1 && isEndMatter(lines[bodyEnd - 1]!.text)) bodyEnd--;
  const endMatter = lines.slice(bodyEnd);
  let closingStart = bodyEnd;
  while (closingStart > firstStructure + 1 && CLOSING_RE.test(lines[closingStart - 1]!.text)) closingStart--;
  const closingLines = lines.slice(closingStart, bodyEnd);

  const warnings: ParseWarning[] = [];
  const parts = parseBody(lines.slice(firstStructure, closingStart), markers, warnings);
  checkMeasureNumbers(parts, warnings);

  const lastClause = parts.at(-1)?.sections.at(-1) ?? parts.at(-1);
  const lastText = [lastClause?.measures.at(-1)?.text, lastClause?.body].filter(Boolean).join("\n");
  const closingText = closingLines.map((l) => l.text).join("\n");
  const issueDate = sidecar?.issueDate ?? isoDate(dateLine(beforeTitle) ?? dateLine(endMatter));
  const meta: PlanMeta = {
    id: planId,
    district: sidecar?.district ?? /(?:市)?([\u4e00-\u9fff]{2,3}[区县])/.exec(title)?.[1] ?? "",
    districtEn: sidecar?.districtEn ?? null,
    city: sidecar?.city ?? /^([\u4e00-\u9fff]{2,3}市)/.exec(title)?.[1] ?? null,
    title,
    titleEn: sidecar?.titleEn ?? null,
    issuer: sidecar?.issuer ?? issuerOf(beforeTitle) ?? issuerOf(endMatter),
    docNumber: sidecar?.docNumber ?? docNumberOf(beforeTitle),
    issueDate,
    effectiveDate:
      sidecar?.effectiveDate ??
      isoDate(EFFECTIVE_RE.exec(closingText) ?? EFFECTIVE_RE.exec(lastText)) ??
      (/自印发之日起(?:施行|实施|执行)/.test(closingText || lastText) ? issueDate : null),
  };
  if (!meta.district) throw new PlanParseError(file, 1, 'no district in the title: add "district" to the metadata sidecar');

  return {
    plan: {
      meta,
      text,
      intro: introLines.length ? { text: introLines.map((l) => l.text).join("\n"), span: spanOf(introLines) } : null,
      parts,
      closing: closingLines.length ? { text: closingText, span: spanOf(closingLines) } : null,
    },
    warnings,
  };
}

function splitLines(text: string, sourceLines: number[]): Line[] {
  let offset = 0;
  return text.split("\n").map((t, i) => {
    const line = { text: t, start: offset, end: offset + t.length, source: sourceLines[i] ?? i + 1 };
    offset += t.length + 1;
    return line;
  });
}

function isEndMatter(line: string): boolean {
  return ISSUER_LINE_RE.test(line) || DATE_LINE_RE.test(line) || END_MATTER_RE.test(line);
}

/** The title: the line (or two lines, when it wraps) matching the known title, else the last title-like line. */
function findTitle(front: Line[], known: string | undefined): { start: number; end: number } | null {
  const squash = (s: string) => s.replace(/\s/g, "");
  if (known) {
    for (let i = 0; i < front.length; i++) {
      if (squash(front[i]!.text) === squash(known)) return { start: i, end: i + 1 };
      if (i + 1 < front.length && squash(front[i]!.text + front[i + 1]!.text) === squash(known)) return { start: i, end: i + 2 };
    }
  }
  const titleLike = (t: string) => t.length <= 60 && !/[。，：；《》]/.test(t) && !t.startsWith("印发");
  for (let i = front.length - 1; i >= 0; i--) {
    const t = front[i]!.text;
    if (!titleLike(t) || !TITLE_RE.test(t)) continue;
    // A title wrapped onto two lines: `上海市某区持续优化提升营商` ⏎ `环境行动方案`.
    const prev = front[i - 1]?.text;
    const wrapped =
      prev !== undefined && !/[区县]/.test(t) && titleLike(prev) && !TITLE_RE.test(prev) && !isEndMatter(prev) && !DOC_NUMBER_RE.test(prev);
    return wrapped ? { start: i - 1, end: i + 1 } : { start: i, end: i + 1 };
  }
  return null;
}

function dateLine(lines: Line[]): RegExpExecArray | null {
  for (const l of lines) if (DATE_LINE_RE.test(l.text)) return DATE_RE.exec(l.text);
  return null;
}

/** The signature block: the issuer lines just above the first date line. */
function issuerOf(lines: Line[]): string | null {
  const dateAt = lines.findIndex((l) => DATE_LINE_RE.test(l.text));
  const issuers: string[] = [];
  for (let i = (dateAt < 0 ? lines.length : dateAt) - 1; i >= 0 && ISSUER_LINE_RE.test(lines[i]!.text); i--)
    issuers.unshift(lines[i]!.text);
  return issuers.length ? issuers.join("、") : null;
}

/** The document number printed above the title; a number cited in the introduction is another document's. */
function docNumberOf(lines: Line[]): string | null {
  const m = lines.map((l) => DOC_NUMBER_RE.exec(l.text)).find((x) => x !== null);
  return m ? m[0].replace(/[[【（(]/, "〔").replace(/[\]】）)]/, "〕") : null;
}

function isoDate(m: RegExpExecArray | null): string | null {
  if (!m) return null;
  return `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
}

function spanOf(lines: Line[]): Span {
  return { start: lines[0]!.start, end: lines.at(-1)!.end };
}

/** A heading line: marker, a short title, and (in plans like Putuo) a lead-in after the first 。. */
function splitHeading(rest: string): { title: string; lead: string } {
  const stop = rest.indexOf("。");
  if (stop > 0 && stop <= 40) return { title: rest.slice(0, stop), lead: rest.slice(stop + 1) };
  if (stop < 0 && rest.length <= 40) return { title: rest, lead: "" };
  return { title: "", lead: rest };
}

function parseBody(lines: Line[], markers: Markers, warnings: ParseWarning[]): Part[] {
  const hasParts = lines.some((l) => markers.part.test(l.text));
  const parts: Part[] = [];
  let part: (Part & { bodyLines: Line[] }) | null = null;
  let section: (Section & { bodyLines: Line[] }) | null = null;
  let measure: { lines: Line[]; number: number } | null = null;

  const openNode = (marker: RegExpExecArray, line: Line) => {
    const { title, lead } = splitHeading(line.text.slice(marker[0].length));
    return newNode(parseChineseNumber((marker[1] ?? marker[2])!), (marker[0].trim() + title).trim(), title, line, lead);
  };
  const currentContainer = () => section ?? part;
  const closeMeasure = () => {
    if (!measure || !currentContainer()) return;
    const joined = measure.lines.map((l) => l.text).join("\n");
    const marker = markers.measure.exec(joined)!;
    const { text, units } = responsibleUnits(joined.slice(marker[0].length));
    const m: Measure = {
      number: measure.number,
      text,
      units,
      targets: extractTargets(text),
      span: spanOf(measure.lines),
      line: measure.lines[0]!.source,
    };
    if (!text) warnings.push({ line: m.line, message: `measure ${m.number} has no text` });
    currentContainer()!.measures.push(m);
    measure = null;
  };
  const closeSection = () => {
    closeMeasure();
    if (section && part) part.sections.push(finish(section));
    section = null;
  };
  const closePart = () => {
    closeSection();
    if (part) parts.push({ ...finish(part), sections: part.sections });
    part = null;
  };
  const ensurePart = (line: Line) => {
    // Text before the first heading of a plan that starts straight with measures.
    if (!part) part = { ...newNode(1, "", "", line, ""), sections: [] };
  };

  for (const line of lines) {
    const partMatch = hasParts ? markers.part.exec(line.text) : null;
    const sectionMatch = markers.section.exec(line.text);
    const measureMatch = markers.measure.exec(line.text);
    if (partMatch) {
      closePart();
      part = { ...openNode(partMatch, line), sections: [] };
    } else if (sectionMatch && hasParts) {
      ensurePart(line);
      closeSection();
      section = openNode(sectionMatch, line);
    } else if (sectionMatch) {
      // A plan without 一、 parts: its top-level headings act as parts.
      closePart();
      part = { ...openNode(sectionMatch, line), sections: [] };
    } else if (measureMatch) {
      ensurePart(line);
      closeMeasure();
      const n = measureMatch[1] ?? measureMatch[2] ?? measureMatch[3]!;
      measure = { lines: [line], number: parseChineseNumber(n) };
    } else if (isUnitLine(line.text)) {
      ensurePart(line);
      if (measure) measure.lines.push(line);
      else {
        const container = currentContainer()!;
        const lastMeasure = container.measures.at(-1);
        const units = responsibleUnits(line.text).units;
        if (lastMeasure) lastMeasure.units.push(...units);
        else container.units.push(...units);
      }
    } else {
      ensurePart(line);
      if (measure) measure.lines.push(line);
      else currentContainer()!.bodyLines.push(line);
    }
  }
  closePart();
  for (const p of parts) {
    if (!p.body && !p.measures.length && !p.sections.length) warnings.push({ line: p.line, message: `part ${p.heading} has no content` });
    for (const s of p.sections) {
      if (!s.body && !s.measures.length) warnings.push({ line: s.line, message: `section ${s.heading} has no content` });
    }
  }
  return parts;

  function finish<T extends Section & { bodyLines: Line[] }>(node: T): Section {
    const { bodyLines, ...rest } = node;
    const joined = bodyLines.map((l) => l.text).join("\n");
    // Units printed at the end of a section body (plans without numbered measures).
    const { text, units } = node.measures.length ? { text: joined, units: [] as UnitRef[] } : responsibleUnits(joined);
    return {
      number: rest.number,
      heading: rest.heading,
      title: rest.title,
      body: text,
      bodySpan: bodyLines.length ? spanOf(bodyLines) : null,
      measures: rest.measures,
      units: [...rest.units, ...units],
      targets: node.measures.length ? [] : extractTargets(text),
      line: rest.line,
    };
  }
}

function newNode(number: number, heading: string, title: string, line: Line, lead: string): Section & { bodyLines: Line[] } {
  return {
    number,
    heading,
    title,
    body: "",
    bodySpan: null,
    measures: [],
    units: [],
    targets: [],
    line: line.source,
    bodyLines: lead ? [{ ...line, text: lead, start: line.end - lead.length }] : [],
  };
}

/**
 * Numbering gaps and repeats, with the line of the measure: numbers run 1, 2, 3… through the plan, or
 * restart at 1 in each section when the plan numbers per section.
 */
function checkMeasureNumbers(parts: Part[], warnings: ParseWarning[]) {
  const restarts = numberingRestarts(parts);
  let prev = 0;
  for (const group of measureGroups(parts)) {
    group.forEach((m, i) => {
      if (restarts && i === 0) {
        if (m.number !== 1 && m.number !== prev + 1) warnings.push({ line: m.line, message: `section starts at measure ${m.number}` });
      } else if (m.number !== prev + 1) {
        warnings.push({ line: m.line, message: `measure ${m.number} follows measure ${prev}` });
      }
      prev = m.number;
    });
  }
}
