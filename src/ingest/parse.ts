import { PlanParseError } from "../errors.ts";
import { measureGroups, numberingRestarts } from "../plan/clauses.ts";
import type { Measure, Part, Plan, PlanMeta, PlanMetaSidecar, Section, Span, UnitRef } from "../plan/schema.ts";
import { deadline as toDeadline, deadlineInText, trailingDeadline } from "./deadline.ts";
import { dropRunningHeaders, sourceLines, stripMarkdown } from "./layout.ts";
import { findTitle, type Line, type MetaHints, readMeta } from "./meta.ts";
import {
  ARTICLE_RE,
  DATE_LINE_RE,
  DOC_NUMBER_LINE_RE,
  ISSUER_LINE_RE,
  MEASURE_RE,
  normalizeText,
  PART_RE,
  SECTION_RE,
} from "./normalize.ts";
import { parseChineseNumber } from "./numerals.ts";
import { recognizeTables, type TableRow } from "./tables.ts";
import { extractTargets } from "./targets.ts";
import { isUnitLine, parseUnitLabels, responsibleUnits, type UnitScope, unitsInText } from "./units.ts";

export type SourceType = NonNullable<PlanMeta["source"]>["type"];

/** Bump when a parser change alters what is extracted from unchanged files: the index manifest records it, so the index rebuilds. */
export const PARSER_VERSION = 4;

export interface ParseInput {
  /** The plan id; when absent it is made from the document (district pinyin and year). */
  planId?: string;
  /** Shown in error messages, e.g. `corpus/putuo-2021.txt`. */
  file: string;
  raw: string;
  sidecar?: PlanMetaSidecar;
  type?: SourceType;
  hints?: MetaHints;
}

export interface ParseWarning {
  line: number;
  /** The page of a PDF (counted by form feeds), where line numbers mean little. */
  page?: number;
  message: string;
}

export interface ParseResult {
  plan: Plan;
  warnings: ParseWarning[];
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

const CLOSING_RE = /^本.{0,20}(?:自.{2,30}起(?:施行|实施|执行)|由.{2,30}负责解释)/;
// A last instruction addressed to every unit at once (各责任单位要…报送…) closes the plan too, unless it is the
// content of a heading just above it (三、保障措施): after a measure it is no part of that measure.
const ADDRESSED_RE = /^(?:请)?各(?:责任|牵头|相关|有关|成员)?(?:单位|部门)(?:、[^，。、]{1,8}){0,3}(?:要|应|须|务必|于).{4,}/;
const HEADING_LIKE_RE = /^[^。；]{1,24}$/;
const END_MATTER_RE =
  /^(?:（共印\d+份）|（此件(?:公开发布|主动公开|不予公开|依申请公开)）|抄送.*|印发.*|.{2,30}\d{4}年\d{1,2}月\d{1,2}日印发|附件.*)$/;

function isClosing(line: string, before: string): boolean {
  return CLOSING_RE.test(line) || (ADDRESSED_RE.test(line) && !HEADING_LIKE_RE.test(before));
}

/** Parses a plan text into its typed tree: metadata, introduction, parts, sections, measures. */
export function parsePlan({ planId, file, raw, sidecar, type, hints }: ParseInput): ParseResult {
  const rawLines = raw.split(/\r\n?|\n/);
  const nulLine = rawLines.findIndex((l) => l.includes("\u0000"));
  if (nulLine >= 0) throw new PlanParseError(file, nulLine + 1, "binary data (NUL byte): not a text file");
  const badLine = rawLines.findIndex((l) => l.includes("\uFFFD"));
  if (badLine >= 0) throw new PlanParseError(file, badLine + 1, "invalid UTF-8 (replacement character); is the file GBK-encoded?");

  let located = sourceLines(raw);
  if (type === "md") located = stripMarkdown(located);
  const tables = recognizeTables(dropRunningHeaders(located, { alwaysHeader: DOC_NUMBER_LINE_RE }));
  const normalized = normalizeText(tables.lines);
  const text = normalized.text;
  if (!text.trim()) throw new PlanParseError(file, 1, "the file is empty");
  const lines = splitLines(text, normalized.sourceLines, normalized.pages);

  const markers = lines.some((l) => ARTICLE_RE.test(l.text)) ? ARTICLE_MARKERS : PLAIN_MARKERS;
  const firstStructure = lines.findIndex((l) => markers.part.test(l.text) || markers.section.test(l.text) || markers.measure.test(l.text));
  if (firstStructure < 0) {
    throw new PlanParseError(
      file,
      1,
      "no parts (一、/第一章), sections (（一）/第一节) or numbered measures (1. /（1）/第一条) found: not a plan, not indexed",
    );
  }

  const warnings: ParseWarning[] = [];
  const front = lines.slice(0, firstStructure);
  const stem = file
    .split("/")
    .at(-1)!
    .replace(/\.[^.]+$/, "");
  const titleAt = findTitle(front, sidecar?.title ?? hints?.title, stem);
  if (titleAt.warning) warnings.push({ line: front[titleAt.start]?.source ?? 1, message: titleAt.warning });

  const introLines = front.slice(titleAt.end);
  // Issuer, 文号 and date stand above the title, or inside the notice the title was read from.
  const beforeTitle = front.slice(0, titleAt.end);
  let bodyEnd = lines.length;
  while (bodyEnd > firstStructure + 1 && isEndMatter(lines[bodyEnd - 1]!.text)) bodyEnd--;
  const endMatter = lines.slice(bodyEnd);
  let closingStart = bodyEnd;
  while (closingStart > firstStructure + 1 && isClosing(lines[closingStart - 1]!.text, lines[closingStart - 2]!.text)) closingStart--;
  const closingLines = lines.slice(closingStart, bodyEnd);

  // The district is known from the front matter before the body: unit aliases apply within it only.
  const preview = readMeta({
    planId,
    title: titleAt.title,
    beforeTitle,
    endMatter,
    closingText: "",
    lastText: "",
    intro: "",
    text: "",
    sidecar,
    hints,
  });
  const scope: UnitScope = { district: preview.district || null, city: preview.city };
  const parts = parseBody(lines.slice(firstStructure, closingStart), markers, scope, warnings);
  applyAttachment(parts, tables.attachment, scope);
  checkMeasureNumbers(parts, warnings);

  const lastClause = parts.at(-1)?.sections.at(-1) ?? parts.at(-1);
  const lastText = [lastClause?.measures.at(-1)?.text, lastClause?.body].filter(Boolean).join("\n");
  const closingText = closingLines.map((l) => l.text).join("\n");
  const introText = introLines.map((l) => l.text).join("\n");
  const firstMeasure = measureGroups(parts)[0]?.[0]?.text ?? "";
  const meta = readMeta({
    planId,
    title: titleAt.title,
    beforeTitle,
    endMatter,
    closingText,
    lastText,
    intro: introText || (markers === ARTICLE_MARKERS ? firstMeasure : ""),
    text,
    sidecar,
    hints,
    source: type ? { file: stem + (file.match(/\.[^.]+$/)?.[0] ?? ""), type } : undefined,
    docNumberLine: located.map((l) => l.text.replace(/\s/g, "")).find((t) => DOC_NUMBER_LINE_RE.test(t)) ?? null,
  });
  if (!meta.district) throw new PlanParseError(file, 1, 'no district in the title or issuer: add "district" to a sidecar <file>.meta.json');
  if (type === "pdf") for (const w of warnings) w.page ??= lines.find((l) => l.source === w.line)?.page;

  return {
    plan: {
      meta,
      text,
      intro: introLines.length ? { text: introText, span: spanOf(introLines) } : null,
      parts,
      closing: closingLines.length ? { text: closingText, span: spanOf(closingLines) } : null,
    },
    warnings,
  };
}

function splitLines(text: string, sourceLines: number[], pages: number[]): Line[] {
  let offset = 0;
  return text.split("\n").map((t, i) => {
    const line = { text: t, start: offset, end: offset + t.length, source: sourceLines[i] ?? i + 1, page: pages[i] ?? 1 };
    offset += t.length + 1;
    return line;
  });
}

function isEndMatter(line: string): boolean {
  return ISSUER_LINE_RE.test(line) || DATE_LINE_RE.test(line) || END_MATTER_RE.test(line);
}

function spanOf(lines: Line[]): Span {
  return { start: lines[0]!.start, end: lines.at(-1)!.end };
}

/** Measures of the body that name no units take them, and their deadline, from the attachment row of their number. */
function applyAttachment(parts: Part[], rows: TableRow[], scope: UnitScope) {
  if (!rows.length || numberingRestarts(parts)) return;
  const byNumber = new Map(rows.map((r) => [r.number, r]));
  for (const m of measureGroups(parts).flat()) {
    const row = byNumber.get(m.number);
    if (!row) continue;
    if (!m.units.length && row.units) m.units = parseUnitLabels(row.units, scope);
    if (!m.deadline && row.deadline) m.deadline = toDeadline(row.deadline);
  }
}

/** A heading line: marker, a short title, and (in plans like Putuo) a lead-in after the first 。. */
function splitHeading(rest: string): { title: string; lead: string } {
  const stop = rest.indexOf("。");
  if (stop > 0 && stop <= 40) return { title: rest.slice(0, stop), lead: rest.slice(stop + 1) };
  if (stop < 0 && rest.length <= 40) return { title: rest, lead: "" };
  return { title: "", lead: rest };
}

function parseBody(lines: Line[], markers: Markers, scope: UnitScope, warnings: ParseWarning[]): Part[] {
  const hasParts = lines.some((l) => markers.part.test(l.text));
  const parts: Part[] = [];
  let part: (Part & { bodyLines: Line[] }) | null = null;
  let section: (Section & { bodyLines: Line[] }) | null = null;
  let measure: { lines: Line[]; number: number } | null = null;

  const openNode = (marker: RegExpExecArray, line: Line) => {
    const { title: written, lead } = splitHeading(line.text.slice(marker[0].length));
    // `（二）提升审批效率（责任单位：区住房城乡建设局）`: units for every measure of the section.
    const { text: title, units } = lead ? { text: written, units: [] } : responsibleUnits(written, scope);
    const node = newNode(parseChineseNumber((marker[1] ?? marker[2])!), (marker[0].trim() + title).trim(), title, line, lead);
    node.units.push(...units);
    return node;
  };
  const currentContainer = () => section ?? part;
  const closeMeasure = () => {
    if (!measure || !currentContainer()) return;
    const joined = measure.lines.map((l) => l.text).join("\n");
    const marker = markers.measure.exec(joined)!;
    const fromTable = trailingDeadline(joined.slice(marker[0].length));
    const labelled = responsibleUnits(fromTable.text, scope);
    const { text } = labelled;
    const m: Measure = {
      number: measure.number,
      text,
      units: labelled.units.length ? labelled.units : unitsInText(text, scope),
      targets: extractTargets(text),
      deadline: fromTable.deadline ?? deadlineInText(text),
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
        const units = responsibleUnits(line.text, scope).units;
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
    const { text, units } = node.measures.length ? { text: joined, units: [] as UnitRef[] } : responsibleUnits(joined, scope);
    // Units written once for the section apply to each of its measures that names none itself.
    for (const m of node.measures) if (!m.units.length && rest.units.length) m.units = rest.units.map((u) => ({ ...u }));
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
