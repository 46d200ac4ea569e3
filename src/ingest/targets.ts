import type { Target } from "../plan/schema.ts";

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

const NUM = String.raw`(\d+(?:\.\d+)?(?:[-~至]\d+)?|[一二两三四五六七八九十])`;
const TARGET_RE = new RegExp(
  String.raw`(?<![\d.])${NUM}\s*(?:(%)(以上|以下)?|(个工作日|工作日|分钟|小时|个月|天|周)(内|以内)?|(项|个|次|家|件|户|名|批|场)(以上)?|(平方米))`,
  "g",
);

/** Figures a clause commits to: percentages, counts, time limits and areas, as written. */
export function extractTargets(text: string): Target[] {
  const targets: Target[] = [];
  for (const m of text.matchAll(TARGET_RE)) {
    const [whole, num, pct, , dur, , count, , area] = m;
    // A range such as 1-2个 is held to its upper bound.
    const value = /\d/.test(num!) ? Number(num!.split(/[-~至]/).at(-1)) : CN_DIGITS[num!]!;
    const kind = pct ? "percent" : dur ? "duration" : count ? "count" : area ? "area" : null;
    if (!kind) continue;
    // 一个/一次/一批 are words, not commitments; a Chinese numeral only counts for time limits.
    if (!/\d/.test(num!) && kind !== "duration") continue;
    targets.push({ text: whole.replace(/\s+/g, ""), value, unit: (pct ?? dur ?? count ?? area)!, kind });
  }
  return targets;
}
