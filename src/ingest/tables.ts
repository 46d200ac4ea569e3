/**
 * Task-breakdown tables (重点任务分工表 / 任务清单 / 附表): as pdftotext prints them (one cell per line, cells
 * wrapped at column width, the header row repeated on each page), or as tab-separated rows (a .tsv-like
 * text, or the rows the .docx/.html readers make of real tables). Each row becomes one measure line in the
 * canonical form the parser reads: `N. task（牵头单位：A；配合单位：B）（完成时限：…）`, located at the row's
 * source line. An attachment table (附件) is not the plan: its rows are returned to give the body's numbered
 * measures their units and deadlines.
 */
import { PAGE_NUMBER_RE, type SourceLine } from "./layout.ts";
import { cleanLine, DATE_LINE_RE, DOC_NUMBER_LINE_RE, ISSUER_LINE_RE, PART_RE, SECTION_RE, tidySpaces } from "./normalize.ts";

export type ColumnKind = "number" | "task" | "responsible" | "lead" | "support" | "deadline" | "other";

/** Column headings, as data: a new wording is a new entry here. */
const COLUMNS: [RegExp, ColumnKind][] = [
  [/^(?:序号|编号|序)$/, "number"],
  [
    /^(?:工作任务|重点任务|主要任务|任务内容|改革任务|具体任务|工作内容|工作措施|具体措施|主要措施|改革事项|任务事项|重点工作|任务|措施|事项|工作举措)$/,
    "task",
  ],
  [/^(?:牵头单位|牵头部门)$/, "lead"],
  [/^(?:配合单位|配合部门|协办单位|参与单位)$/, "support"],
  [/^(?:责任单位|责任部门|主责单位|责任主体|承办单位|实施主体)$/, "responsible"],
  [/^(?:完成时限|完成时间|时间节点|时限|进度安排|完成期限|时间安排|推进时限)$/, "deadline"],
  [/^(?:备注|工作目标|预期目标|目标|年度目标|成果形式)$/, "other"],
];
const columnOf = (cell: string): ColumnKind | null => COLUMNS.find(([re]) => re.test(cell.replace(/\s/g, "")))?.[1] ?? null;

/** A 完成时限 cell: a date or period as written, or a standing commitment. */
export const DEADLINE_CELL_RE =
  /^(?:\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:底|末|中旬|上旬|下旬)?(?:前|内|起)?(?:完成)?|\d{4}年[上下]半年(?:前)?(?:完成)?|\d{4}年(?:第)?[一二三四1-4]季度(?:末)?(?:前)?|长期坚持|持续推进|长期推进|持续开展|常态化(?:推进|开展)?|长期|持续|\d{4}[—–-]\d{4}年)$/;

/** How a table says which unit leads: the note above it, or marks in the cell. */
const FIRST_LEADS_RE = /(?:排(?:在|名)?第一(?:位)?的?|列第一位的?|第一个?(?:单位)?)为牵头单位/;
const LEAD_MARK_RE = /[（(]\s*牵头\s*[）)]|牵头$/;

export interface TableRow {
  number: number;
  task: string;
  /** The units group in canonical label form, e.g. `牵头单位：A；配合单位：B`, or "" when the row names none. */
  units: string;
  deadline: string | null;
  line: number;
  page: number;
}

interface Heading {
  heading: string;
  line: number;
  page: number;
}

interface FoundTable {
  end: number;
  items: (TableRow | Heading)[];
}

interface Context {
  firstLeads: boolean;
}

const isRow = (x: TableRow | Heading): x is TableRow => "task" in x;
const squash = (s: string) => tidySpaces(cleanLine(s)).replace(/\s/g, "");
const HEADING_RE = new RegExp(`${PART_RE.source}|${SECTION_RE.source}`);
const END_RE = /^(?:抄送|印发|主送|附件|本(?:方案|措施|计划|清单|要点|意见)自)/;

/** Splits a units cell into names and roles, in the canonical label form. */
export function unitsGroup(cells: { kind: ColumnKind; text: string }[], ctx: Context): string {
  const split = (t: string) =>
    t
      .split(/[、，,；;\s]+/)
      .map((n) => n.trim())
      .filter(Boolean);
  const lead: string[] = [];
  const support: string[] = [];
  const responsible: string[] = [];
  for (const c of cells) {
    const names = split(c.text).filter((n) => !/^[（(]?\s*牵头\s*[）)]?$/.test(n));
    if (c.kind === "lead") lead.push(...names.map((n) => n.replace(LEAD_MARK_RE, "")));
    else if (c.kind === "support") support.push(...names);
    else {
      const marked = names.filter((n) => LEAD_MARK_RE.test(n));
      if (marked.length) {
        for (const n of names) (LEAD_MARK_RE.test(n) ? lead : support).push(n.replace(LEAD_MARK_RE, ""));
      } else if (ctx.firstLeads && names.length > 1) {
        lead.push(names[0]!);
        support.push(...names.slice(1));
      } else responsible.push(...names);
    }
  }
  const groups = [
    lead.length ? `牵头单位：${lead.join("、")}` : "",
    support.length ? `配合单位：${support.join("、")}` : "",
    responsible.length ? `责任单位：${responsible.join("、")}` : "",
  ].filter(Boolean);
  return groups.join("；");
}

/** A tab-separated table: a header row naming 序号 and a task column, then one row per line. */
function tabTable(lines: SourceLine[], at: number, ctx: Context): FoundTable | null {
  if (!lines[at]!.text.includes("\t")) return null;
  const header = lines[at]!.text.split("\t").map((c) => columnOf(c));
  if (!header.includes("number") || !header.includes("task")) return null;
  const items: FoundTable["items"] = [];
  let i = at + 1;
  for (; i < lines.length; i++) {
    const l = lines[i]!;
    const cells = l.text.split("\t").map((c) => tidySpaces(cleanLine(c)));
    const filled = cells.filter(Boolean);
    if (!filled.length) continue;
    if (filled.length === 1 && HEADING_RE.test(filled[0]!) && filled[0]!.length <= 40) {
      items.push({ heading: filled[0]!, line: l.line, page: l.page });
      continue;
    }
    if (!l.text.includes("\t")) break;
    if (header.every((h, k) => h === columnOf(cells[k] ?? ""))) continue; // the header row again
    const number = Number(cells[header.indexOf("number")]);
    if (!Number.isInteger(number) || number < 1) break;
    const unitCells = header.flatMap((kind, k) =>
      kind && ["lead", "support", "responsible"].includes(kind) ? [{ kind, text: cells[k] ?? "" }] : [],
    );
    items.push({
      number,
      task: cells[header.indexOf("task")] ?? "",
      units: unitsGroup(unitCells, ctx),
      deadline: header.includes("deadline") ? cells[header.indexOf("deadline")] || null : null,
      line: l.line,
      page: l.page,
    });
  }
  return items.some(isRow) ? { end: i, items } : null;
}

/** The cells a text line holds: pdftotext prints one per line, PDF.js-based readers several, space-separated. */
const piecesOf = (text: string) =>
  text
    .trim()
    .split(/\s+/)
    .map((p) => tidySpaces(cleanLine(p)))
    .filter(Boolean);

/** The header row, one cell per line or all on one line: its column kinds, or null. */
function headerAt(lines: SourceLine[], at: number): { kinds: ColumnKind[]; words: Set<string>; next: number } | null {
  // Cheap test first: this runs on every line of every plan.
  if (!/^\s*[序编]/.test(lines[at]!.text)) return null;
  const first = piecesOf(lines[at]!.text);
  if (!first.length || columnOf(first[0]!) !== "number") return null;
  if (first.length > 1) {
    const kinds = first.map(columnOf);
    return kinds.every(Boolean) ? { kinds: kinds as ColumnKind[], words: new Set(first), next: at + 1 } : null;
  }
  const kinds: ColumnKind[] = ["number"];
  const words = new Set(first);
  let i = at + 1;
  for (; i < lines.length && kinds.length < 7; i++) {
    const t = squash(lines[i]!.text);
    if (!t) continue;
    const kind = columnOf(t);
    if (!kind || kind === "number") break;
    kinds.push(kind);
    words.add(t);
  }
  return { kinds, words, next: i };
}

/** A table as pdftotext prints it (the header cells one per line, then every cell one per line), or as
 * PDF.js-based readers do (cells of a row on one line where they fit, separated by spaces). */
function cellTable(lines: SourceLine[], at: number, ctx: Context): FoundTable | null {
  const found = headerAt(lines, at);
  if (!found) return null;
  const { kinds: header, words: headerText } = found;
  let i = found.next;
  if (!header.includes("task") || header.length < 3) return null;
  const items: FoundTable["items"] = [];
  let row: { number: number; line: SourceLine; cells: string[]; lines: string[][] } | null = null;
  let headingStyle: "part" | "section" | null = null;
  const close = () => {
    if (row) items.push(splitRow(row.number, row.line, row.cells, header, ctx, row.lines));
    row = null;
  };
  const nextNumber = () => (items.filter(isRow).at(-1)?.number ?? 0) + 1;
  for (; i < lines.length; i++) {
    const l = lines[i]!;
    const t = tidySpaces(cleanLine(l.text));
    const pieces = piecesOf(l.text);
    // Header rows repeated on each page, page numbers and a 文号 printed as running header are no cells.
    if (
      !t ||
      pieces.every((p) => headerText.has(p)) ||
      headerText.has(t.replace(/\s/g, "")) ||
      PAGE_NUMBER_RE.test(t) ||
      DOC_NUMBER_LINE_RE.test(t)
    )
      continue;
    const n = /^\d{1,3}$/.test(pieces[0]!) ? Number(pieces[0]) : null;
    if (n !== null && (n === (row ? row.number + 1 : nextNumber()) || (!row && !items.length))) {
      close();
      row = { number: n, line: l, cells: pieces.slice(1), lines: [pieces.slice(1)] };
      continue;
    }
    const style = PART_RE.test(t) ? "part" : SECTION_RE.test(t) ? "section" : null;
    if (style && t.length <= 40 && !/[。；]/.test(t) && (headingStyle ?? style) === style && !isContinuation(row, t)) {
      close();
      headingStyle = style;
      items.push({ heading: t, line: l.line, page: l.page });
      continue;
    }
    // The signature after the last row: an issuer line once the row has its deadline.
    const complete = !row || (header.includes("deadline") && endsWithDeadline(row));
    if (style || END_RE.test(t) || DATE_LINE_RE.test(t) || (ISSUER_LINE_RE.test(t) && complete)) break;
    if (!row) {
      if (items.length) break;
      continue;
    }
    row.cells.push(...pieces);
    row.lines.push(pieces);
  }
  close();
  return items.some(isRow) ? { end: i, items } : null;
}

/** Whether the row's deadline cell is there and closed (`2024年6月` may still go on with `底前`). */
const endsWithDeadline = (row: { cells: string[]; lines: string[][] }) => {
  const closed = (d: string) => DEADLINE_CELL_RE.test(d) && /(?:前|底|末|内|日|坚持|推进|持续|常态化|完成|开展|年)$/.test(d);
  return closed(row.cells.at(-1) ?? "") || closed(row.cells.slice(-2).join("")) || closed(assignPieces(row.lines, true).deadline ?? "");
};

/** A wrapped task cell may itself start with （一）; a row still waiting for its units is not a heading. */
function isContinuation(row: { cells: string[]; lines: string[][] } | null, _t: string): boolean {
  const last = row?.cells.at(-1);
  // A deadline cell may wrap (`2024年6月` ⏎ `底前`) or print beside other cells.
  return last !== undefined && !/[。；！]$/.test(last) && !unitLike(last) && !endsWithDeadline(row!);
}

const UNIT_END_RE =
  /(?:局|委|办|院|中心|单位|部门|街镇|街道|镇|部|会|队|联|所|室|处|司|行|厅|站|组|团|社|关|政府|公司|集团|支队|大队)(?:[（(]\s*牵头\s*[）)])?$/;

/** Whether a (joined) run of cell lines reads as a list of units. */
function unitLike(text: string): boolean {
  const names = text.split(/[、，,；;\s]+/).filter(Boolean);
  return names.length > 0 && names.every((n) => n.length <= 24 && !/[。：“”]/.test(n)) && UNIT_END_RE.test(text);
}

const DEADLINE_START_RE = /^(?:\d{4}年[\d月日上下半第一二三四季度底末前内完成]*|长期坚持|持续推进|长期|持续|常态化(?:推进)?)$/;
const DEADLINE_REST_RE = /^[\d月日上下半年第一二三四季度底末前内完成]+$/;
const UNIT_FRAGMENT_RE = /[（(]牵$|^头[）)]|^[（(]牵头[）)]/;

/**
 * A row whose cells pdftotext printed side by side, line by line (`1 推行…社 区市场监管局（牵 2024年6月` ⏎
 * `保、公积金… 头）、区人力资源社 底前` ⏎ `理时间不超过1个工作日。`): each piece goes to its column, left to
 * right on a line, by what it reads like and which cells are still open.
 */
function assignPieces(lines: string[][], hasDeadline: boolean): { task: string; units: string; deadline: string | null } {
  let task = "";
  let units = "";
  let deadline = "";
  const taskOpen = () => !/[。；！]$/.test(task);
  const deadlineOpen = () => hasDeadline && !/(?:前|底|末|内|坚持|推进|持续|常态化|完成)$/.test(deadline);
  const add = (column: "task" | "units" | "deadline", p: string) => {
    if (column === "task") task += p;
    else if (column === "units") units += p;
    else deadline += p;
  };
  lines.forEach((pieces, li) => {
    // As many pieces as open cells: they are those cells, left to right.
    const open = [...(taskOpen() ? (["task"] as const) : []), "units" as const, ...(deadlineOpen() ? (["deadline"] as const) : [])];
    if (li > 0 && pieces.length === open.length && pieces.length > 1) {
      pieces.forEach((p, k) => add(open[k]!, p));
      return;
    }
    let tookTask = false;
    pieces.forEach((p, pi) => {
      const deadlinePiece =
        hasDeadline && (deadline ? DEADLINE_REST_RE.test(p) && DEADLINE_CELL_RE.test(deadline + p) : DEADLINE_START_RE.test(p));
      if (deadlinePiece) add("deadline", p);
      else if ((li === 0 && pi === 0) || (taskOpen() && !tookTask && !unitLike(p) && !UNIT_FRAGMENT_RE.test(p))) {
        add("task", p);
        tookTask = true;
      } else add("units", p);
    });
  });
  return { task, units, deadline: deadline || null };
}

function splitRow(number: number, at: SourceLine, cells: string[], header: ColumnKind[], ctx: Context, lines: string[][]): TableRow {
  const unitKinds = header.filter((h) => h === "lead" || h === "support" || h === "responsible");
  const kind = unitKinds.length === 1 ? unitKinds[0]! : "responsible";
  if (lines.some((pieces) => pieces.length > 1)) {
    const { task, units, deadline } = assignPieces(lines, header.includes("deadline"));
    return { number, task, units: units ? unitsGroup([{ kind, text: units }], ctx) : "", deadline, line: at.line, page: at.page };
  }
  let rest = [...cells];
  let deadline: string | null = null;
  if (header.includes("deadline")) {
    for (const k of [1, 2]) {
      const tail = rest.slice(-k).join("");
      if (rest.length > k - 1 && DEADLINE_CELL_RE.test(tail)) {
        deadline = tail;
        rest = rest.slice(0, -k);
        break;
      }
    }
  }
  // The task ends with its sentence; what follows is the units cell, wrapped over one or more lines.
  let taskEnd = rest.length;
  while (taskEnd > 0 && !/[。；！]$/.test(rest[taskEnd - 1]!)) taskEnd--;
  if (taskEnd === 0 || !unitLike(rest.slice(taskEnd).join(""))) {
    taskEnd = rest.length;
    while (taskEnd > 1 && unitLike(rest.slice(taskEnd - 1).join(""))) taskEnd--;
  }
  const unitText = rest.slice(taskEnd).join("");
  return {
    number,
    task: rest.slice(0, taskEnd).join(""),
    units: unitText ? unitsGroup([{ kind, text: unitText }], ctx) : "",
    deadline,
    line: at.line,
    page: at.page,
  };
}

/** The recognizers, tried in order at every line. */
const RECOGNIZERS = [tabTable, cellTable];

export interface Tables {
  lines: SourceLine[];
  /** Rows of attachment tables, by 序号: they give the body's measures their units. */
  attachment: TableRow[];
  tables: number;
}

export const rowLine = (r: TableRow): string =>
  `${r.number}. ${r.task}${r.units ? `（${r.units}）` : ""}${r.deadline ? `（完成时限：${r.deadline}）` : ""}`;

const ATTACHMENT_RE = /^附件\s*\d*\s*(?:[:：].*)?$/;
const BODY_START_RE = new RegExp(`${PART_RE.source}|${SECTION_RE.source}|^第[一二三四五六七八九十]+条`);

/** Replaces every recognized table by its rows; an attachment's rows are set aside instead. */
export function recognizeTables(lines: SourceLine[]): Tables {
  const ctx: Context = { firstLeads: lines.some((l) => l.text.includes("牵头") && FIRST_LEADS_RE.test(squash(l.text))) };
  const out: SourceLine[] = [];
  const attachment: TableRow[] = [];
  let inAttachment = false;
  let bodyStarted = false;
  let tables = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const t = /^\s*[附抄印（(]/.test(l.text) || !bodyStarted || inAttachment ? squash(l.text) : l.text;
    bodyStarted ||= BODY_START_RE.test(t);
    if (bodyStarted && !inAttachment && ATTACHMENT_RE.test(t) && (/^附件\d*$/.test(t) || tableWithin(lines, i + 1, 5, ctx))) {
      inAttachment = true;
      continue;
    }
    const found = RECOGNIZERS.map((r) => r(lines, i, ctx)).find((x) => x !== null);
    if (found) {
      tables++;
      if (inAttachment) attachment.push(...found.items.filter(isRow));
      else for (const item of found.items) out.push({ text: isRow(item) ? rowLine(item) : item.heading, line: item.line, page: item.page });
      i = found.end - 1;
      continue;
    }
    // After an attachment only the end matter (抄送 / 印发 / signature) belongs to the document again.
    if (
      inAttachment &&
      !/^(?:抄送|印发|（共印|\(共印)/.test(t) &&
      !ISSUER_LINE_RE.test(t) &&
      !DATE_LINE_RE.test(t) &&
      !/\d{4}年\d{1,2}月\d{1,2}日印发$/.test(t)
    )
      continue;
    out.push(l);
  }
  return { lines: out, attachment, tables };
}

function tableWithin(lines: SourceLine[], from: number, span: number, ctx: Context): boolean {
  for (let k = from; k < Math.min(lines.length, from + span); k++) if (RECOGNIZERS.some((r) => r(lines, k, ctx))) return true;
  return false;
}
