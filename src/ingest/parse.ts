import { PlanParseError } from "../errors.ts";
import type { Measure, Part, Plan, PlanMeta, PlanMetaSidecar, Section, Span, UnitRef } from "../plan/schema.ts";
import { MEASURE_RE, normalizeText, PART_RE, SECTION_RE } from "./normalize.ts";
import { parseChineseNumber } from "./numerals.ts";
import { extractTargets } from "./targets.ts";
import { isUnitLine, responsibleUnits } from "./units.ts";

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

const TITLE_RE = /(?:方案|计划|措施|意见|办法|规划|细则|若干规定)$/;
const CLOSING_RE = /^本.{0,20}(?:自.{2,30}起(?:施行|实施|执行)|由.{2,30}负责解释)/;
const END_MATTER_RE = /^(?:.{2,24}(?:办公室|人民政府|委员会|政府)|\d{4}年\d{1,2}月\d{1,2}日(?:印发)?|（共印\d+份）|抄送.*|附件.*)$/;

/** Parses a plan text into its typed tree: metadata, introduction, parts, sections, measures. */
export function parsePlan({ planId, file, raw, sidecar }: ParseInput): ParseResult {
  if (raw.includes("\u0000")) throw new PlanParseError(file, 1, "binary data: not a text file");
  const badLine = raw.split(/\r?\n/).findIndex((l) => l.includes("\uFFFD"));
  if (badLine >= 0) throw new PlanParseError(file, badLine + 1, "invalid UTF-8 (replacement character)");

  const normalized = normalizeText(raw);
  const text = normalized.text;
  if (!text.trim()) throw new PlanParseError(file, 1, "the file is empty");
  const lines = splitLines(text, normalized.sourceLines);

  const firstStructure = lines.findIndex((l) => PART_RE.test(l.text) || SECTION_RE.test(l.text) || MEASURE_RE.test(l.text));
  if (firstStructure < 0) throw new PlanParseError(file, 1, "no parts (一、), sections (（一）) or numbered measures (1.) found");

  const titleIndex = findTitle(lines.slice(0, firstStructure), sidecar?.title);
  const title = sidecar?.title ?? lines[titleIndex]?.text;
  if (!title) throw new PlanParseError(file, 1, "no plan title found: add a title line or a \"title\" in the metadata sidecar");

  const introLines = lines.slice(titleIndex + 1, firstStructure);
  let bodyEnd = lines.length;
  while (bodyEnd > firstStructure + 1 && END_MATTER_RE.test(lines[bodyEnd - 1]!.text)) bodyEnd--;
  const closingLine = bodyEnd > firstStructure + 1 && CLOSING_RE.test(lines[bodyEnd - 1]!.text) ? lines[--bodyEnd]! : null;

  const warnings: ParseWarning[] = [];
  const parts = parseBody(lines.slice(firstStructure, bodyEnd), warnings);
  checkMeasureNumbers(parts, warnings);

  const front = lines.slice(0, firstStructure).map((l) => l.text).join("\n");
  const meta: PlanMeta = {
    id: planId,
    district: sidecar?.district ?? /(?:市)?([\u4e00-\u9fff]{2,3}[区县])/.exec(title)?.[1] ?? "",
    districtEn: sidecar?.districtEn ?? null,
    city: sidecar?.city ?? /^([\u4e00-\u9fff]{2,3}市)/.exec(title)?.[1] ?? null,
    title,
    titleEn: sidecar?.titleEn ?? null,
    issuer: sidecar?.issuer ?? null,
    docNumber: sidecar?.docNumber ?? /[\u4e00-\u9fff]+〔\d{4}〕\d+号/.exec(front)?.[0] ?? null,
    issueDate: sidecar?.issueDate ?? isoDate(/(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(front)),
    effectiveDate: sidecar?.effectiveDate ?? isoDate(/自(\d{4})年(\d{1,2})月(\d{1,2})日起/.exec(closingLine?.text ?? "")),
  };
  if (!meta.district) throw new PlanParseError(file, 1, "no district in the title: add \"district\" to the metadata sidecar");

  return {
    plan: {
      meta,
      text,
      intro: introLines.length ? { text: introLines.map((l) => l.text).join("\n"), span: spanOf(introLines) } : null,
      parts,
      closing: closingLine ? { text: closingLine.text, span: spanOf([closingLine]) } : null,
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

function findTitle(front: Line[], known: string | undefined): number {
  const squash = (s: string) => s.replace(/\s/g, "");
  if (known) return front.findIndex((l) => squash(l.text) === squash(known));
  for (let i = front.length - 1; i >= 0; i--) {
    const t = front[i]!.text;
    if (t.length <= 60 && !/[。，：；]/.test(t) && TITLE_RE.test(t) && !t.startsWith("印发")) return i;
  }
  return -1;
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

interface Builder {
  node: Section;
  lines: Line[];
}

function parseBody(lines: Line[], warnings: ParseWarning[]): Part[] {
  const hasParts = lines.some((l) => PART_RE.test(l.text));
  const parts: Part[] = [];
  let part: (Part & { bodyLines: Line[] }) | null = null;
  let section: (Section & { bodyLines: Line[] }) | null = null;
  let measure: { lines: Line[]; number: number } | null = null;
  const measureBuilders = new Map<Measure, Line[]>();

  const openNode = (marker: RegExpExecArray, line: Line) => {
    const { title, lead } = splitHeading(line.text.slice(marker[0].length));
    return newNode(parseChineseNumber((marker[1] ?? marker[2])!), (marker[0].trim() + title).trim(), title, line, lead);
  };
  const closeMeasure = () => {
    if (!measure || !currentContainer()) return;
    const joined = measure.lines.map((l) => l.text).join("\n");
    const marker = MEASURE_RE.exec(joined)!;
    const { text, units } = responsibleUnits(joined.slice(marker[0].length));
    const m: Measure = {
      number: measure.number,
      text,
      units,
      targets: extractTargets(text),
      span: spanOf(measure.lines),
      line: measure.lines[0]!.source,
    };
    currentContainer()!.measures.push(m);
    measureBuilders.set(m, measure.lines);
    measure = null;
  };
  const currentContainer = () => section ?? part;
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
    const partMatch = hasParts ? PART_RE.exec(line.text) : null;
    const sectionMatch = hasParts ? SECTION_RE.exec(line.text) : (PART_RE.exec(line.text) ?? SECTION_RE.exec(line.text));
    const measureMatch = MEASURE_RE.exec(line.text);
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
  for (const p of parts) if (!p.body && !p.measures.length && !p.sections.length) warnings.push({ line: p.line, message: `part ${p.heading} has no content` });
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

function checkMeasureNumbers(parts: Part[], warnings: ParseWarning[]) {
  const measures = parts.flatMap((p) => [...p.measures, ...p.sections.flatMap((s) => s.measures)]);
  let prev = 0;
  const restarts = measures.some((m, i) => i > 0 && m.number <= measures[i - 1]!.number);
  if (restarts) return; // numbering per section (（1）（2）… restarting): ids are scoped by section
  for (const m of measures) {
    if (m.number !== prev + 1) warnings.push({ line: m.line, message: `measure ${m.number} follows measure ${prev}` });
    prev = m.number;
  }
}
