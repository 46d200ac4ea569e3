import type { Clause, Plan, PlanMeta, UnitRef } from "../plan/schema.ts";
import { type PlanStatus, planStatus, supersessions, todayIso } from "../plan/status.ts";
import type { Lang } from "../understand/script.ts";
import { MESSAGES } from "./messages.ts";
import type { Citation } from "./schema.ts";

/** What naming a clause needs of the corpus: its plans (titles, districts, which plan replaced which). */
export interface Corpus {
  readonly plans: readonly Plan[];
}

export function planMeta(corpus: Corpus, planId: string): PlanMeta {
  return corpus.plans.find((p) => p.meta.id === planId)!.meta;
}

const replacedBy = new WeakMap<Corpus, Map<string, string>>();

/** Whether the plan is in force today, replaced by another plan of the corpus, not yet in force or expired. */
export function statusOf(corpus: Corpus, meta: PlanMeta, today = todayIso()): PlanStatus {
  let map = replacedBy.get(corpus);
  if (!map) replacedBy.set(corpus, (map = supersessions(corpus.plans.map((p) => p.meta))));
  return planStatus(meta, today, map.get(meta.id) ?? null);
}

export function citationOf(corpus: Corpus, clause: Clause): Citation {
  const meta = planMeta(corpus, clause.planId);
  return {
    id: clause.id,
    planId: clause.planId,
    planTitle: meta.title,
    district: meta.district,
    kind: clause.kind,
    measure: clause.measure,
    sectionPath: clause.sectionPath,
    units: clause.units,
    text: clause.text,
    ...(clause.deadline ? { deadline: clause.deadline } : {}),
    planStatus: statusOf(corpus, meta),
  };
}

/** Where a measure is when its number restarts per section: 第二部分（三）第2条, never a bare 第2条. */
export function measurePlace(c: Citation, lang: Lang): string {
  const m = MESSAGES[lang];
  const scoped = /:\d+\.\d+(?:\.\d+)?$/.test(c.id);
  if (!scoped || c.measure === null) return m.compose.measure(c.measure ?? 0);
  const [part, section] = c.sectionPath;
  return m.cite.scopedMeasure(c.measure, c.id.slice(c.id.indexOf(":") + 1), part, section);
}

/** Where a clause is in its plan: its measure, or its section path. */
export function placeOf(c: Citation, lang: Lang): string {
  return c.measure !== null ? measurePlace(c, lang) : MESSAGES[lang].cite.section(c.sectionPath);
}

/** How a citation is named aloud: 《普陀区…方案》第17条 / measure 17 of the Putuo District … plan. */
export function reference(c: Citation, meta: PlanMeta, lang: Lang): string {
  const m = MESSAGES[lang].cite;
  return m.reference(placeOf(c, lang), c.measure !== null, c.planTitle, meta, m.status[c.planStatus ?? "in_force"]);
}

/**
 * A clause named briefly, with its plan's short name: 普陀区第20条 / Putuo District, measure 20 (the year
 * added when the corpus holds several plans of the district). Never a bare "putuo 20", which reads as a figure.
 */
export function briefReference(c: Citation, plans: PlanMeta[], lang: Lang): string {
  const m = MESSAGES[lang].cite;
  const meta = plans.find((p) => p.id === c.planId)!;
  const several = plans.filter((p) => p.district === meta.district).length > 1;
  const year = several ? (/-(\d{4})$/.exec(meta.id)?.[1] ?? null) : null;
  return m.brief(m.shortPlan(m.district(meta), year), placeOf(c, lang));
}

/** Units grouped by role: `责任单位：区科委、区府办` or `lead: …; supporting: …`. */
export function unitList(units: UnitRef[], lang: Lang): string {
  const m = MESSAGES[lang].cite;
  const roles = [...new Set(units.map((u) => u.role))];
  const names = (list: UnitRef[]) => list.map(m.unitName).join(m.unitSep);
  if (roles.length === 1 && roles[0] === "responsible") return names(units);
  return roles.map((r) => m.roleGroup(m.roles[r], names(units.filter((u) => u.role === r)))).join(m.roleGroupSep);
}
