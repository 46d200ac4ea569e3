/**
 * Plan metadata read from the document itself: title (every real form, never rejected), district, city,
 * issuer, 文号, issue and effective dates, period, what it replaces and what it implements.
 */
import { pinyin } from "./pinyin.ts";
import type { PlanMeta, PlanMetaSidecar } from "../plan/schema.ts";
import { DATE_LINE_RE, DOC_NUMBER_RE, ISSUER_LINE_RE } from "./normalize.ts";

export interface Line {
  text: string;
  start: number;
  end: number;
  /** 1-based line in the source file. */
  source: number;
  page: number;
}

/** What a file format knows besides its text (a CMS page's metadata table, a document's heading). */
export interface MetaHints {
  title?: string;
  issuer?: string;
  docNumber?: string;
  issueDate?: string;
  publishedDate?: string;
}

/** How plan titles end, as data: the document kinds and the period or year a title may close with. */
const TITLE_ENDS = ["方案", "计划", "措施", "意见", "办法", "规划", "细则", "若干规定", "要点", "清单", "分工表", "任务表", "实施方案"];
export const TITLE_RE = new RegExp(`(?:${TITLE_ENDS.join("|")})(?:（\\d{4}[—–-]\\d{4}年）|（\\d{4}年）)?$`);
const PERIOD_ONLY_RE = /^（\d{4}(?:[—–-]\d{4})?年）$/;
const NOTICE_RE = /关于(?:印发|转发|下发)《?([^》]{4,80}?)》?的通知/;
const DATE_RE = /(\d{4})年(\d{1,2})月(\d{1,2})日/;
const EFFECTIVE_RE = /自(\d{4})年(\d{1,2})月(\d{1,2})日起(?:施行|实施|执行|生效)/;

const squash = (s: string) => s.replace(/\s/g, "");
const titleLike = (t: string) => t.length <= 60 && !/[。，：；《》！？]/.test(t) && !t.startsWith("印发");

export interface TitleFound {
  title: string;
  /** Lines of the front matter that are the title, or the notice when the title is only there. */
  start: number;
  end: number;
  /** Set when the title was a guess: the warning to print. */
  warning?: string;
}

/** The title: a known one, the last title-like line (two lines when wrapped), the notice's, or the best guess. */
export function findTitle(front: Line[], known: string | undefined, fileStem: string): TitleFound {
  if (known) {
    for (let i = 0; i < front.length; i++) {
      for (let k = 1; k <= 3 && i + k <= front.length; k++) {
        if (
          squash(
            front
              .slice(i, i + k)
              .map((l) => l.text)
              .join(""),
          ) === squash(known)
        )
          return { title: known, start: i, end: i + k };
      }
    }
  }
  for (let i = front.length - 1; i >= 0; i--) {
    const t = front[i]!.text;
    if (!titleLike(t) || !TITLE_RE.test(t)) continue;
    const prev = front[i - 1]?.text;
    const prevOk =
      prev !== undefined && titleLike(prev) && !ISSUER_LINE_RE.test(prev) && !DATE_LINE_RE.test(prev) && !DOC_NUMBER_RE.test(prev);
    // `…三年行动方案` ⏎ `（2024—2026年）`, or `上海市某区持续优化提升营商` ⏎ `环境行动方案`.
    const wrapped = prevOk && (PERIOD_ONLY_RE.test(t) || (!/[区县]/.test(t) && !TITLE_RE.test(prev!)));
    const start = wrapped ? i - 1 : i;
    const end = PERIOD_ONLY_RE.test(front[i + 1]?.text ?? "") ? i + 2 : i + 1;
    return {
      title: front
        .slice(start, end)
        .map((l) => l.text)
        .join(""),
      start,
      end,
    };
  }
  // A plan printed inside its notice only: 关于印发《X》的通知.
  // The notice's own title may wrap over two or three lines.
  const joinedAt = (i: number) =>
    [1, 2, 3]
      .map((k) =>
        front
          .slice(i, i + k)
          .map((l) => l.text)
          .join(""),
      )
      .find((t) => NOTICE_RE.test(t));
  const notice = front.findIndex((_, i) => joinedAt(i) !== undefined);
  if (notice >= 0) {
    const title = NOTICE_RE.exec(joinedAt(notice)!)![1]!;
    let end = notice + 1;
    // The notice runs to its signature, date and 此件公开发布 line.
    front.forEach((l, k) => {
      if (k > notice && (DATE_LINE_RE.test(l.text) || /^（此件/.test(l.text) || ISSUER_LINE_RE.test(l.text))) end = k + 1;
    });
    return { title, start: notice, end };
  }
  const guess = front.findIndex(
    (l) =>
      titleLike(l.text) && l.text.length >= 6 && !ISSUER_LINE_RE.test(l.text) && !DATE_LINE_RE.test(l.text) && !DOC_NUMBER_RE.test(l.text),
  );
  if (guess >= 0) {
    const title = front[guess]!.text;
    return { title, start: guess, end: guess + 1, warning: `no line reads like a plan title; using “${title}”` };
  }
  return { title: fileStem, start: 0, end: 0, warning: `no title in the text; using the file name “${fileStem}”` };
}

export function isoDate(m: RegExpExecArray | null): string | null {
  if (!m) return null;
  return `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
}

function dateLine(lines: Line[]): RegExpExecArray | null {
  for (const l of lines) if (DATE_LINE_RE.test(l.text) || /^\d{4}年\d{1,2}月\d{1,2}日印发$/.test(l.text)) return DATE_RE.exec(l.text);
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
  return m ? normalizeDocNumber(m[0]) : null;
}

const normalizeDocNumber = (s: string) => s.replace(/[[【（(]/, "〔").replace(/[\]】）)]/, "〕");

const DISTRICT_RE = /(?:市)?([\u4e00-\u9fff]{2,3}(?:新区|区|县))/;

/** `普陀区` → `Putuo District`. */
export function districtPinyin(district: string): string {
  return pinyin(district.replace(/(?:新区|区|县)$/, ""), { toneType: "none", type: "array" })
    .join("")
    .toLowerCase();
}

function districtEn(district: string): string {
  const py = districtPinyin(district);
  const kind = district.endsWith("县") ? "County" : district.endsWith("新区") ? "New Area" : "District";
  return `${py.charAt(0).toUpperCase()}${py.slice(1)} ${kind}`;
}

/** The years a plan covers or is valid for: from the title's （2024—2026年）, 有效期至…, 有效期N年, or its year. */
function periodOf(title: string, text: string, start: string | null): PlanMeta["period"] {
  let m = /（?(\d{4})[—–-](\d{4})年）?/.exec(title);
  if (m) return { text: `${m[1]}—${m[2]}年`, start: `${m[1]}-01-01`, end: `${m[2]}-12-31` };
  m = /有效期至(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(text);
  if (m) return { text: m[0], start, end: isoDate(m) };
  m = /有效期(?:为)?([1-5一二三四五])年/.exec(text);
  if (m && start) {
    const years = "一二三四五".indexOf(m[1]!) + 1 || Number(m[1]);
    const end = new Date(`${start}T00:00:00Z`);
    end.setUTCFullYear(end.getUTCFullYear() + years);
    end.setUTCDate(end.getUTCDate() - 1);
    return { text: m[0], start, end: end.toISOString().slice(0, 10) };
  }
  m = /(\d{4})年(?:度)?[\u4e00-\u9fff]*(?:要点|清单|计划|任务)/.exec(title);
  if (m) return { text: `${m[1]}年`, start: `${m[1]}-01-01`, end: `${m[1]}-12-31` };
  return null;
}

/** Titles in 《》 the introduction says the plan implements (根据 / 贯彻 / 落实 / 依据 / 按照《…》). */
function basisOf(intro: string): string[] {
  const out: string[] = [];
  for (const clause of intro.split(/[，。；]/)) {
    if (!/(?:根据|依据|依照|按照|贯彻|落实)/.test(clause)) continue;
    for (const m of clause.matchAll(/《([^《》]*(?:《[^》]*》[^《》]*)*)》/g)) if (!out.includes(m[1]!)) out.push(m[1]!);
  }
  return out;
}

/** 原《…》（文号）同时废止 / 不再执行. */
function supersedesOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/原(?:印发的)?《([^》]+)》(?:（[^）]*）)?(?:同时|即行)?(?:废止|停止执行|不再执行)/g))
    if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}

export interface MetaInput {
  planId: string | undefined;
  title: string;
  beforeTitle: Line[];
  endMatter: Line[];
  closingText: string;
  lastText: string;
  /** The introduction, or the first article of a plan written as articles. */
  intro: string;
  text: string;
  sidecar?: PlanMetaSidecar;
  hints?: MetaHints;
  source?: PlanMeta["source"];
  /** A 文号 printed on a line of its own anywhere in the file (a running header on a later page). */
  docNumberLine?: string | null;
}

export function readMeta(input: MetaInput): PlanMeta {
  const { title, beforeTitle, endMatter, closingText, lastText, sidecar, hints } = input;
  const issuer = sidecar?.issuer ?? issuerOf(beforeTitle) ?? issuerOf(endMatter) ?? hints?.issuer ?? null;
  const issueDate = sidecar?.issueDate ?? hints?.issueDate ?? isoDate(dateLine(beforeTitle) ?? dateLine(endMatter));
  const district = sidecar?.district ?? DISTRICT_RE.exec(title)?.[1] ?? DISTRICT_RE.exec((issuer ?? "").replace(/^中共/, ""))?.[1] ?? "";
  const cityFrom = (s: string | null | undefined) =>
    /^(?:[\u4e00-\u9fff]{2,3}省)?([\u4e00-\u9fff]{2,3}市)(?=[\u4e00-\u9fff]{1,3}(?:新区|区|县))/.exec((s ?? "").replace(/^中共/, ""))?.[1];
  const effectiveDate =
    sidecar?.effectiveDate ??
    isoDate(EFFECTIVE_RE.exec(closingText) ?? EFFECTIVE_RE.exec(lastText)) ??
    (/自(?:印发|发布)之日起(?:施行|实施|执行|生效)/.test(closingText || lastText) ? issueDate : null);
  const period = periodOf(title, input.text, effectiveDate ?? issueDate);
  const id =
    input.planId ??
    (district ? `${districtPinyin(district)}-${(period?.start ?? issueDate ?? effectiveDate ?? "").slice(0, 4) || "0000"}` : "");
  return {
    id,
    district,
    districtEn: sidecar?.districtEn ?? (district ? districtEn(district) : null),
    city: sidecar?.city ?? cityFrom(title) ?? cityFrom(issuer) ?? null,
    title: sidecar?.title ?? title,
    titleEn: sidecar?.titleEn ?? null,
    issuer,
    docNumber:
      sidecar?.docNumber ??
      (hints?.docNumber ? normalizeDocNumber(hints.docNumber) : null) ??
      docNumberOf(beforeTitle) ??
      (input.docNumberLine ? normalizeDocNumber(input.docNumberLine) : null),
    issueDate,
    effectiveDate,
    publishedDate: sidecar?.publishedDate ?? hints?.publishedDate ?? null,
    period,
    supersedes: supersedesOf(`${closingText}\n${lastText}\n${input.text}`),
    basis: basisOf(input.intro),
    ...(input.source ? { source: input.source } : {}),
  };
}
