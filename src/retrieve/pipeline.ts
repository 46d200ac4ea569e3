import type { PolicyIndex } from "../index/store.ts";
import { canonicalUnit } from "../ingest/units.ts";
import { unitKey } from "../plan/clauses.ts";
import type { Understanding } from "../understand/understand.ts";
import { searchClauses, type ClauseHit } from "./hybrid.ts";

/**
 * Retrieval for an understood question: filtered to the districts it names, one ranking per district
 * for comparisons, and the unit index for "what is unit Y responsible for".
 */
export async function retrieve(index: PolicyIndex, u: Understanding, k = 5): Promise<ClauseHit[]> {
  const query = u.retrievalText;
  if (!query.trim()) return [];
  const expansion = u.expansion.join(" ");

  if (u.intent === "unit" && u.units.length)
    return unitClauses(index, u, k, await searchClauses(index, query, { k: 50, districts: u.districts, expansion }));

  if (u.districts.length >= 2 || (u.intent === "compare" && u.districts.length !== 1)) {
    const districts = u.districts.length >= 2 ? u.districts : [...new Set(index.plans.map((p) => p.meta.district))];
    const perDistrict = await Promise.all(districts.map((d) => searchClauses(index, query, { k, districts: [d], expansion })));
    return interleave(perDistrict).slice(0, Math.max(k, districts.length));
  }
  return searchClauses(index, query, { k, districts: u.districts, expansion });
}

/** Every clause the named units hold, best match to the rest of the question first. */
function unitClauses(index: PolicyIndex, u: Understanding, k: number, ranked: ClauseHit[]): ClauseHit[] {
  // The question names units by the alias table's names; a plan of another district writes its own (which
  // the table still recognises for matching, without renaming it).
  const named = (x: { name: string; canonical?: string | null }) =>
    u.units.includes(unitKey(x)) || u.units.includes(canonicalUnit(x.name).name);
  const holds = (h: { clause: { units: { name: string; canonical?: string | null }[]; planId: string } }) => h.clause.units.some(named);
  const districtOf = new Map(index.plans.map((p) => [p.meta.id, p.meta.district]));
  const inScope = (planId: string) => !u.districts.length || u.districts.includes(districtOf.get(planId)!);
  const out = ranked.filter(holds);
  for (const clause of index.clauses.values()) {
    if (!inScope(clause.planId) || out.some((h) => h.id === clause.id)) continue;
    if (clause.units.some(named)) out.push({ id: clause.id, clause, score: 0, lexical: null, vector: null });
  }
  return out.slice(0, Math.max(k, out.length));
}

function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
  return out;
}
