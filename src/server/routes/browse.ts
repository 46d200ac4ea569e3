import { Router } from "express";
import { citationOf } from "../../answer/cite.ts";
import { NotFoundError } from "../../errors.ts";
import { canonicalUnit } from "../../ingest/units.ts";
import { planClauses, unitKey } from "../../plan/clauses.ts";
import type { UnitRef } from "../../plan/schema.ts";
import type { AppState } from "../app.ts";

/** Read-only browsing of what the assistant knows: plans, their structure, clauses, and the unit index. */
export function browseRoutes(state: AppState): Router {
  const router = Router();
  const index = () => state.assistant().index;

  router.get("/api/plans", (_req, res) => {
    res.json(
      index().plans.map((p) => {
        const clauses = planClauses(p);
        return { ...p.meta, measures: clauses.filter((c) => c.kind === "measure").length, clauses: clauses.length };
      }),
    );
  });

  router.get("/api/plans/:planId", (req, res) => {
    const plan = index().plans.find((p) => p.meta.id === req.params.planId);
    if (!plan) throw new NotFoundError(`plan "${req.params.planId}"`);
    const outline: { heading: string; sectionPath: string[]; clauses: ReturnType<typeof citationOf>[] }[] = [];
    for (const clause of planClauses(plan)) {
      const key = clause.sectionPath.join(" > ");
      let group = outline.at(-1);
      if (!group || group.heading !== key) outline.push((group = { heading: key, sectionPath: clause.sectionPath, clauses: [] }));
      group.clauses.push(citationOf(index(), clause));
    }
    res.json({ meta: plan.meta, outline });
  });

  router.get("/api/clauses/:id", (req, res) => {
    const clause = index().clauses.get(req.params.id);
    if (!clause) throw new NotFoundError(`clause "${req.params.id}"`);
    res.json({ ...citationOf(index(), clause), kind: clause.kind, targets: clause.targets });
  });

  router.get("/api/units", (_req, res) => {
    const units = new Map<string, { name: string; nameEn: string | null; measureCount: number; plans: Record<string, number> }>();
    for (const clause of index().clauses.values()) {
      for (const u of clause.units) {
        const key = unitKey(u);
        const entry = units.get(key) ?? { name: key, nameEn: u.nameEn, measureCount: 0, plans: {} };
        entry.measureCount++;
        entry.plans[clause.planId] = (entry.plans[clause.planId] ?? 0) + 1;
        units.set(key, entry);
      }
    }
    res.json([...units.values()].sort((a, b) => b.measureCount - a.measureCount || a.name.localeCompare(b.name, "zh")));
  });

  router.get("/api/units/:name", (req, res) => {
    // Express has already decoded the parameter; decoding again breaks on a literal "%".
    const { name } = canonicalUnit(req.params.name);
    // Units are written as each plan writes them; the index key is the canonical name where there is one.
    const matches = (u: UnitRef) => unitKey(u) === name || u.name === req.params.name;
    const clauses = [...index().clauses.values()].filter((c) => c.units.some(matches));
    if (!clauses.length) throw new NotFoundError(`unit "${req.params.name}"`);
    const nameEn = clauses[0]!.units.find(matches)!.nameEn;
    res.json({
      name,
      nameEn,
      clauses: clauses.map((c) => ({ ...citationOf(index(), c), role: c.units.find(matches)!.role })),
    });
  });

  return router;
}
