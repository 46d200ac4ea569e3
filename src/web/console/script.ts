import type { Answer, Citation, PlanStatus } from "../../answer/schema.ts";
import type { UnitContact } from "../contacts.ts";

const ROLE = { responsible: "", lead: "（牵头）", support: "（配合）" } as const;

export const where = (c: Pick<Citation, "measure" | "sectionPath" | "kind">) =>
  c.kind === "plan" ? "" : c.measure != null ? `第${c.measure}条` : c.sectionPath.join("");

export const unitNames = (c: Pick<Citation, "units">) => c.units.map((u) => `${u.name}${ROLE[u.role]}`).join("、");

/** Ends a sentence with 。 unless it already ends with a mark. */
const sentence = (s: string) => (/[。！？；]$/.test(s.trim()) ? s.trim() : `${s.trim()}。`);

/**
 * What the operator reads to the caller, from the clause the operator picked: the whole clause (so its figures and time
 * limits are in it), its deadline, the units that handle it and, when the directory has them, their phone numbers.
 */
export function callerScript(clause: Citation, contacts: UnitContact[] = []): string {
  const parts = [`您好，根据《${clause.planTitle}》${where(clause)}：${sentence(clause.text)}`];
  if (clause.deadline) parts.push(`完成时限：${sentence(clause.deadline.text)}`);
  parts.push(clause.units.length ? `此项由${unitNames(clause)}负责。` : "方案未列明责任单位。");
  const phones = contacts.filter((c) => c.phone).map((c) => `${c.unit}${c.phone}`);
  if (phones.length) parts.push(`联系电话：${phones.join("，")}。`);
  return parts.join("");
}

/** On a refusal: what to say (never "call 12345": the caller is already on it) and what the operator can do. */
export const REFUSAL_SCRIPT =
  "您好，您咨询的问题，在本区现行的营商环境行动方案中没有找到明确规定。我先把您的问题记录下来，转交相关部门核实后给您答复。";

export const REFUSAL_GUIDANCE = [
  "方案未覆盖此问题，可以：",
  "① 记录来电问题，按工单流程转派；",
  "② 如涉及某个部门，在“责任单位”栏目查找该单位及其联系方式，转派或转接；",
  "③ 可在“方案浏览”中确认有无相近条款。请勿让来电人再拨12345。",
];

export const LOW_CONFIDENCE_GUIDANCE = "这个回答把握不大：请先核对下面的条款，在更贴切的条款上点“用于话术”，再读给来电人。";

/** Which script an answer starts with: its first citation's, or the refusal script. */
export function initialScript(answer: Answer, contacts: UnitContact[] = []): string {
  const c = answer.citations[0];
  if (!c || answer.status === "not_found") return REFUSAL_SCRIPT;
  return callerScript(c, contacts);
}

export const STATUS_ZH: Record<PlanStatus, string> = {
  in_force: "现行有效",
  not_yet_in_force: "尚未施行",
  expired: "已过期",
  superseded: "已被替代",
};

/** A plan's status from its dates when the server does not say: before its effective date, after its period, or in force. */
export function statusFromDates(
  meta: { effectiveDate: string | null; issueDate: string | null; period?: { end: string | null } | null },
  today: string,
): PlanStatus | null {
  const start = meta.effectiveDate ?? meta.issueDate;
  if (!start) return null;
  if (start > today) return "not_yet_in_force";
  if (meta.period?.end && meta.period.end < today) return "expired";
  return "in_force";
}
