import type { ClauseHit } from "./hybrid.ts";

/**
 * A lead-in (the aims before a section's measures) comes after the measures that say as much: a measure names
 * the units and the figures, the lead-in only the aim. It goes after every measure of its own section that was
 * found, and after any other measure that says at least as much of the question; it leads only where it says
 * more of the question than the measures found (the aim is all the plans say on it).
 */
export function leadInsYield(hits: ClauseHit[]): ClauseHit[] {
  const leads = hits.filter((h) => h.clause.leadIn);
  if (!leads.length) return hits;
  const out = hits.filter((h) => !h.clause.leadIn);
  for (const lead of leads) {
    const own = lead.clause.sectionPath;
    const said = lead.evidence?.coverage ?? 0;
    const originally = hits.indexOf(lead);
    let at = 0;
    for (let k = 0; k < out.length; k++) {
      const h = out[k]!;
      if (h.clause.leadIn) continue;
      const ownMeasure = h.clause.planId === lead.clause.planId && own.every((s, n) => h.clause.sectionPath[n] === s);
      const ranked = hits.indexOf(h) < originally;
      if (ranked || ownMeasure || (h.evidence?.coverage ?? 0) >= said) at = k + 1;
    }
    out.splice(at, 0, lead);
  }
  return out;
}
