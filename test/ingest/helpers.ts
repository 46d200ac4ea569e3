import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parsePlan, type ParseResult } from "../../src/ingest/parse.ts";
import { measureGroups, planClauses } from "../../src/plan/clauses.ts";
import type { Clause, Measure, Plan } from "../../src/plan/schema.ts";

export const FIXTURES = fileURLToPath(new URL("../fixtures/ingest/", import.meta.url));
export const CORPUS = fileURLToPath(new URL("../../corpus/", import.meta.url));

/** Parses `test/fixtures/ingest/<name>.txt` as plan `planId`, without a sidecar. */
export function parseFixture(name: string, planId: string): ParseResult & { clauses: Clause[] } {
  const raw = readFileSync(join(FIXTURES, `${name}.txt`), "utf8");
  const result = parsePlan({ planId, file: `fixtures/${name}.txt`, raw });
  return { ...result, clauses: planClauses(result.plan) };
}

export function parseText(raw: string, planId = "test-2024"): ParseResult & { clauses: Clause[] } {
  const result = parsePlan({ planId, file: "inline.txt", raw });
  return { ...result, clauses: planClauses(result.plan) };
}

export function allMeasures(plan: Plan): Measure[] {
  return measureGroups(plan.parts).flat();
}

export function byId(clauses: Clause[], id: string): Clause {
  const clause = clauses.find((c) => c.id === id);
  if (!clause) throw new Error(`no clause ${id}; have ${clauses.map((c) => c.id).join(" ")}`);
  return clause;
}

export const unitNames = (c: { units: { name: string }[] }) => c.units.map((u) => u.name);
export const roles = (c: { units: { name: string; role: string }[] }) => c.units.map((u) => `${u.name}:${u.role}`);
