import type { PlanMeta } from "./schema.ts";

export type PlanStatus = "in_force" | "not_yet_in_force" | "expired" | "superseded";

const squash = (s: string) => s.replace(/[\s《》“”"]/g, "");

/** Whether a plan is in force on `today` (an ISO date): replaced by a later plan, not yet started, or past its period. */
export function planStatus(meta: PlanMeta, today: string, supersededBy: string | null = null): PlanStatus {
  if (supersededBy) return "superseded";
  const start = meta.effectiveDate ?? meta.period?.start ?? meta.issueDate;
  if (start && today < start) return "not_yet_in_force";
  const end = meta.period?.end;
  if (end && today > end) return "expired";
  return "in_force";
}

/** For each plan another plan of the corpus replaces (原《…》同时废止), the id of the plan that replaces it. */
export function supersessions(plans: PlanMeta[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const newer of plans) {
    for (const title of newer.supersedes ?? []) {
      const older = plans.find((p) => p.id !== newer.id && squash(p.title) === squash(title));
      if (older) out.set(older.id, newer.id);
    }
  }
  return out;
}

/** Today as an ISO date in China Standard Time, the plans' own calendar. */
export function todayIso(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
