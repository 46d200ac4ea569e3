import type { Target } from "../plan/schema.ts";
import { parseChineseNumber } from "./numerals.ts";

const CN = "一二两三四五六七八九十百零〇";
const NUM = String.raw`(\d+(?:\.\d+)?(?:\s*[-~～—–至]\s*\d+(?:\.\d+)?)?|[${CN}]+)`;
// A day count (5日) is not the day of a date (6月30日): no 月 before the figure.
const TARGET_RE = new RegExp(
  String.raw`(?<![\d.第月${CN}])${NUM}\s*(?:(%)(以上|以下)?|(个工作日|工作日|分钟|小时|个月|天|周|日)(内|以内)?|(万|亿)?(?:(元)(以上)?|(人次|项|个|次|家|件|户|名|批|场|人|期|套|条)(以上)?|(平方米|平方公里|亩)))`,
  "g",
);
const SCALE = { 万: 10_000, 亿: 100_000_000 } as const;

/** Figures a clause commits to: percentages, counts, time limits, money and areas, as written. */
export function extractTargets(text: string): Target[] {
  const targets: Target[] = [];
  for (const m of text.matchAll(TARGET_RE)) {
    const [whole, num, pct, , dur, , wan, money, , count, , area] = m;
    const kind = pct ? "percent" : dur ? "duration" : money ? "money" : count ? "count" : area ? "area" : null;
    if (!kind) continue;
    const digits = /\d/.test(num!);
    // 一个/一次/一批 are words, not commitments; a Chinese numeral only counts for time limits.
    if (!digits && (kind !== "duration" || dur === "日")) continue;
    // A range such as 1-2个 is held to its upper bound.
    const base = digits
      ? Number(
          num!
            .split(/[-~～—–至]/)
            .at(-1)!
            .trim(),
        )
      : parseChineseNumber(num!);
    if (Number.isNaN(base)) continue;
    // 10万平方米: the value is in the base unit, the text stays as written.
    // 年 / 月 figures in a date are not commitments; 亿 only scales money.
    if (wan === "亿" && !money) continue;
    const value = wan ? base * SCALE[wan as keyof typeof SCALE] : base;
    targets.push({ text: whole.replace(/\s+/g, ""), value, unit: (pct ?? dur ?? money ?? count ?? area)!, kind });
  }
  return targets;
}
