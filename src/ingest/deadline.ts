import type { Deadline } from "../plan/schema.ts";

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
const monthEnd = (y: number, m: number) => iso(y, m, new Date(Date.UTC(y, m, 0)).getUTCDate());
const QUARTER: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, "1": 1, "2": 2, "3": 3, "4": 4 };

/** The ISO date a deadline as written stands for (the last day it allows), or null for 长期坚持 / 持续推进. */
export function deadlineDate(text: string): string | null {
  let m = /^(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(text);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})年(\d{1,2})月/.exec(text);
  if (m) return monthEnd(Number(m[1]), Number(m[2]));
  m = /^(\d{4})年([上下])半年/.exec(text);
  if (m) return m[2] === "上" ? iso(Number(m[1]), 6, 30) : iso(Number(m[1]), 12, 31);
  m = /^(\d{4})年第?([一二三四1-4])季度/.exec(text);
  if (m) return monthEnd(Number(m[1]), QUARTER[m[2]!]! * 3);
  m = /^(?:\d{4}[—–-])?(\d{4})年/.exec(text);
  if (m) return iso(Number(m[1]), 12, 31);
  return null;
}

export function deadline(text: string): Deadline {
  return { text, date: deadlineDate(text) };
}

/** A deadline written in a measure's text: `2024年6月底前完成`, `于2025年上半年前`, `（2024年9月30日前）`. */
const IN_TEXT_RE = /(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?(?:底|末)?前|(\d{4})年[上下]半年/;

export function deadlineInText(text: string): Deadline | null {
  const m = IN_TEXT_RE.exec(text);
  return m ? deadline(m[0]) : /长期坚持/.test(text) ? deadline("长期坚持") : null;
}

const TRAILING_RE = /（完成时限：([^（）]*)）$/;

/** The `（完成时限：…）` group the table reader appends to a row's measure line. */
export function trailingDeadline(text: string): { text: string; deadline: Deadline | null } {
  const m = TRAILING_RE.exec(text);
  if (!m) return { text, deadline: null };
  return { text: text.slice(0, m.index).trimEnd(), deadline: m[1] ? deadline(m[1]) : null };
}
