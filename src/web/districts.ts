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
