import type { PlanMeta } from "../plan/schema.ts";

export interface DistrictInfo {
  name: string;
  nameEn: string | null;
}

/** The covered districts, each once, in corpus order. */
export function coveredDistricts(metas: PlanMeta[]): DistrictInfo[] {
  const seen = new Map<string, DistrictInfo>();
  for (const m of metas) if (!seen.has(m.district)) seen.set(m.district, { name: m.district, nameEn: m.districtEn });
  return [...seen.values()];
}

const fold = (s: string) =>
  s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s·.\-_]/g, "");

/** The forms a page may write a district in: 普陀区, 普陀, 上海市普陀区, Putuo District, putuo (the plan id's pinyin). */
function forms(meta: PlanMeta): string[] {
  const out = [meta.district, meta.district.replace(/[区县]$/, "")];
  if (meta.city) out.push(meta.city + meta.district, meta.city.replace(/市$/, "") + meta.district);
  if (meta.districtEn) out.push(meta.districtEn, meta.districtEn.replace(/\s+district$/i, ""));
  out.push(meta.id.replace(/-\d{4}$/, ""));
  return out.map(fold);
}

/** Resolves what a page wrote in data-district to a covered district's name, or null when none matches. */
export function resolveDistrict(metas: PlanMeta[], written: string): string | null {
  const key = fold(written);
  if (!key) return null;
  return metas.find((m) => forms(m).includes(key))?.district ?? null;
}
