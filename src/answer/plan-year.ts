import type { PlanMeta } from "../plan/schema.ts";

/**
 * A plan named by its year (2024年新的营商环境方案, 2025年普陀区优化营商环境方案, 2024年度工作要点, the 2024
 * action plan): the year is the plan's, not a deadline's (2024年底前完成的措施 names no plan).
 */
const PLAN_OF_YEAR = [
  /((?:19|20)\d{2})\s*年(?:度)?的?(?:新的?|新一轮的?|最新的?)?(?:[\u3400-\u9fff]{0,8}?(?:营商环境|优化|行动|工作|重点|改革|任务|实施|提升|若干|政策))*的?(?:方案|计划|措施|要点|清单|文件)/,
  /\b((?:19|20)\d{2})\s+(?:(?:business[- ]environment|action|work|new)\s+)*(?:plan|action plan|measures|document)\b/i,
];

/** A period that says how long the plan stays in force (有效期至2026年4月30日), not which years it is for. */
const VALIDITY = /有效期|有效至|施行至|废止|valid (?:until|through|to)/i;

/**
 * The years a plan is of: its id's, its issue and effective dates', and every year of the span its title
 * and work period write (a three-year plan 2024—2026 is of 2025 too). A 2024 plan in force until 2026 is
 * no 2025 plan: a validity period adds no year.
 */
export function planYears(meta: PlanMeta): Set<number> {
  const years = new Set<number>();
  const idYear = /(?:19|20)\d{2}$/.exec(meta.id);
  if (idYear) years.add(Number(idYear[0]));
  for (const date of [meta.issueDate, meta.effectiveDate]) if (date) years.add(Number(date.slice(0, 4)));
  const period = meta.period && !VALIDITY.test(meta.period.text ?? "") ? meta.period : null;
  const spans = [meta.title, period?.text ?? "", period?.start ?? "", period?.end ?? ""].join(" ");
  const written = [...spans.matchAll(/(?:19|20)\d{2}/g)].map((m) => Number(m[0]));
  if (written.length) for (let y = Math.min(...written); y <= Math.max(...written); y++) years.add(y);
  return years;
}

/**
 * The year of a plan the question asks about, when no plan in scope is of that year (普陀区2024年新的
 * 方案出了没有, when Putuo's plan is of 2021): the plans cannot say what a plan they do not hold says.
 * The one detector for the assistant and the document answers.
 */
export function absentPlanYear(question: string, plans: PlanMeta[]): number | null {
  if (!plans.length) return null;
  for (const re of PLAN_OF_YEAR) {
    const m = re.exec(question);
    if (!m) continue;
    const year = Number(m[1]);
    return plans.some((p) => planYears(p).has(year)) ? null : year;
  }
  return null;
}
