import type { PolicyIndex } from "../index/store.ts";
import type { Clause, PlanMeta, UnitRef } from "../plan/schema.ts";
import type { Lang } from "../understand/script.ts";
import type { Citation } from "./schema.ts";

export function planMeta(index: PolicyIndex, planId: string): PlanMeta {
  return index.plans.find((p) => p.meta.id === planId)!.meta;
}

export function citationOf(index: PolicyIndex, clause: Clause): Citation {
  const meta = planMeta(index, clause.planId);
  return {
    id: clause.id,
    planId: clause.planId,
    planTitle: meta.title,
    district: meta.district,
    measure: clause.measure,
    sectionPath: clause.sectionPath,
    units: clause.units,
    text: clause.text,
  };
}

/** How a citation is named aloud: 《普陀区…方案》第17条 / Putuo District …, measure 17. */
export function reference(c: Citation, meta: PlanMeta, lang: Lang): string {
  if (lang === "zh") {
    const where = c.measure !== null ? `第${c.measure}条` : c.sectionPath.join("");
    return `《${c.planTitle}》${where}`;
  }
  const plan = meta.titleEn ? `the ${meta.titleEn} (${c.planTitle})` : `the ${meta.districtEn ?? c.district} plan (${c.planTitle})`;
  if (c.measure !== null) return `measure ${c.measure} of ${plan}`;
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
