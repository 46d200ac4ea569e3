import type { PolicyIndex } from "../index/store.ts";
import type { Clause, PlanMeta, UnitRef } from "../plan/schema.ts";
import { type PlanStatus, planStatus, supersessions, todayIso } from "../plan/status.ts";
import type { Lang } from "../understand/script.ts";
import type { Citation } from "./schema.ts";

export function planMeta(index: PolicyIndex, planId: string): PlanMeta {
  return index.plans.find((p) => p.meta.id === planId)!.meta;
}

const replacedBy = new WeakMap<PolicyIndex, Map<string, string>>();

/** Whether the plan is in force today, replaced by another plan of the corpus, not yet in force or expired. */
export function statusOf(index: PolicyIndex, meta: PlanMeta, today = todayIso()): PlanStatus {
  let map = replacedBy.get(index);
  if (!map) replacedBy.set(index, (map = supersessions(index.plans.map((p) => p.meta))));
  return planStatus(meta, today, map.get(meta.id) ?? null);
}

export function citationOf(index: PolicyIndex, clause: Clause): Citation {
  const meta = planMeta(index, clause.planId);
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
    planStatus: statusOf(index, meta),
  };
}

const STATUS_ZH: Record<PlanStatus, string> = {
  in_force: "",
  not_yet_in_force: "（尚未施行）",
  expired: "（已失效）",
  superseded: "（已被新文件替代）",
};
const STATUS_EN: Record<PlanStatus, string> = {
  in_force: "",
  not_yet_in_force: ", not yet in force",
  expired: ", no longer in force",
  superseded: ", superseded by a later plan",
};
const PART_ZH = /^([一二三四五六七八九十]+)、/;

/** Where a measure is when its number restarts per section: 第二部分（三）第2条, never a bare 第2条. */
export function measurePlace(c: Citation, lang: Lang): string {
  const scoped = /:\d+\.\d+(?:\.\d+)?$/.test(c.id);
  if (!scoped || c.measure === null) return lang === "zh" ? `第${c.measure}条` : `measure ${c.measure}`;
  if (lang === "en") return `measure ${c.id.slice(c.id.indexOf(":") + 1)}`;
  const [part, section] = c.sectionPath;
  const partWord = part && PART_ZH.test(part) ? `第${PART_ZH.exec(part)![1]}部分` : (part ?? "");
  const sectionMark = section ? (/^（[^）]+）/.exec(section)?.[0] ?? section) : "";
  return `${partWord}${sectionMark}第${c.measure}条`;
}

/**
 * A clause named briefly, with its plan's short name: 普陀区第20条 / Putuo District, measure 20 (the year
 * added when the corpus holds several plans of the district). Never a bare "putuo 20", which reads as a figure.
 */
export function briefReference(c: Citation, plans: PlanMeta[], lang: Lang): string {
  const meta = plans.find((p) => p.id === c.planId)!;
  const district = lang === "zh" ? meta.district : (meta.districtEn ?? meta.district);
  const several = plans.filter((p) => p.district === meta.district).length > 1;
  const year = /-(\d{4})$/.exec(meta.id)?.[1];
  const plan = several && year ? (lang === "zh" ? `${district}${year}年方案` : `${district} ${year} plan`) : district;
  const where = c.measure !== null ? measurePlace(c, lang) : lang === "zh" ? c.sectionPath.join("") : `section ${c.sectionPath.join(" ")}`;
  return lang === "zh" ? `${plan}${where}` : `${plan}, ${where}`;
}

/** How a citation is named aloud: 《普陀区…方案》第17条 / Putuo District …, measure 17. */
export function reference(c: Citation, meta: PlanMeta, lang: Lang): string {
  const status = c.planStatus ?? "in_force";
  if (lang === "zh") {
    const where = c.measure !== null ? measurePlace(c, lang) : c.sectionPath.join("");
    return `《${c.planTitle}》${STATUS_ZH[status]}${where}`;
  }
  const plan = `${meta.titleEn ? `the ${meta.titleEn} (${c.planTitle})` : `the ${meta.districtEn ?? c.district} plan (${c.planTitle})`}${STATUS_EN[status]}`;
  if (c.measure !== null) return `${measurePlace(c, lang)} of ${plan}`;
  return `section ${c.sectionPath.join(" ")} of ${plan}`;
}

const ROLE_ZH = { responsible: "责任单位", lead: "牵头单位", support: "配合单位" } as const;
const ROLE_EN = { responsible: "responsible", lead: "lead", support: "supporting" } as const;

/** Units grouped by role: `责任单位：区科委、区府办` or `lead: …; supporting: …`. */
export function unitList(units: UnitRef[], lang: Lang): string {
  const roles = [...new Set(units.map((u) => u.role))];
  const name = (u: UnitRef) => (lang === "en" ? (u.nameEn ? `${u.nameEn} (${u.name})` : u.name) : u.name);
  const sep = lang === "zh" ? "、" : ", ";
  if (roles.length === 1 && roles[0] === "responsible") return units.map(name).join(sep);
  return roles
    .map((r) => {
      const list = units
        .filter((u) => u.role === r)
        .map(name)
        .join(sep);
      return lang === "zh" ? `${ROLE_ZH[r]}：${list}` : `${ROLE_EN[r]}: ${list}`;
    })
    .join(lang === "zh" ? "；" : "; ");
}
