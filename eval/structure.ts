/**
 * `npm run eval:structure`: parses every fixture plan (one per shape and file type, test/fixtures/plans/)
 * and compares each measure with its exact expectation: citation id, opening text, units with roles,
 * targets, deadline. Prints measures exact / total per plan; `--min 0.95` fails below that share.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadCorpus } from "../src/ingest/corpus.ts";
import { planClauses } from "../src/plan/clauses.ts";
import type { Clause, Plan } from "../src/plan/schema.ts";

export const PLAN_FIXTURES = fileURLToPath(new URL("../test/fixtures/plans/", import.meta.url));

export interface ExpectedMeasure {
  id: string;
  opening: string;
  units: { name: string; role: string }[];
  targets: string[];
  deadline: { text: string; date: string | null } | null;
}
export interface ExpectedPlan {
  file: string;
  planId: string;
  meta: Record<string, unknown>;
  measures: ExpectedMeasure[];
}

export function expectations(dir = PLAN_FIXTURES): ExpectedPlan[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".expected.json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as ExpectedPlan);
}

/** What the parser made of a measure, in the expectation's terms. */
export function actualMeasure(c: Clause, deadline: Clause["deadline"]): ExpectedMeasure {
  return {
    id: c.id,
    opening: [...c.text].slice(0, 16).join(""),
    units: c.units.map((u) => ({ name: u.name, role: u.role })),
    targets: c.targets.map((t) => t.text),
    deadline: deadline ? { text: deadline.text, date: deadline.date } : null,
  };
}

/** The differences of one measure, field by field ([] when exact). */
export function measureDiff(expected: ExpectedMeasure, actual: ExpectedMeasure | undefined): string[] {
  if (!actual) return ["missing"];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return (["opening", "units", "targets", "deadline"] as const)
    .filter((k) => !same(expected[k], actual[k]))
    .map((k) => `${k}: expected ${JSON.stringify(expected[k])}, got ${JSON.stringify(actual[k])}`);
}

export interface PlanScore {
  file: string;
  planId: string;
  found: boolean;
  exact: number;
  total: number;
  misses: { id: string; diff: string[] }[];
}

export async function scoreStructure(dir = PLAN_FIXTURES): Promise<{ scores: PlanScore[]; errors: string[] }> {
  const corpus = await loadCorpus(dir);
  return {
    // The fixture folder also holds the expectations and the generator: only the plans' errors count.
    errors: corpus.errors.filter((e) => !/\.(?:json|ts)$/.test(e.file)).map((e) => e.message),
    scores: expectations(dir).map((e) => {
      const plan = corpus.plans.find((p) => p.meta.source?.file === e.file) as Plan | undefined;
      const clauses = plan ? planClauses(plan).filter((c) => c.kind === "measure") : [];
      const byId = new Map(clauses.map((c) => [c.id, actualMeasure(c, c.deadline)]));
      const misses = e.measures.map((m) => ({ id: m.id, diff: measureDiff(m, byId.get(m.id)) })).filter((m) => m.diff.length);
      const extra = clauses.filter((c) => !e.measures.some((m) => m.id === c.id)).map((c) => ({ id: c.id, diff: ["unexpected measure"] }));
      return {
        file: e.file,
        planId: plan?.meta.id ?? "-",
        found: Boolean(plan),
        exact: e.measures.length - misses.length,
        total: e.measures.length,
        misses: [...misses, ...extra],
      };
    }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { min: { type: "string" }, misses: { type: "boolean" } } });
  const { scores, errors } = await scoreStructure();
  for (const e of errors) console.log(`error: ${e}`);
  const width = Math.max(...scores.map((s) => s.file.length));
  for (const s of scores) {
    console.log(
      `${s.file.padEnd(width)}  ${s.planId.padEnd(14)} ${String(s.exact).padStart(3)} / ${s.total} exact${s.misses.length > s.total - s.exact ? `, ${s.misses.length - (s.total - s.exact)} unexpected` : ""}`,
    );
    if (values.misses) for (const m of s.misses) console.log(`    ${m.id}: ${m.diff.join("; ")}`);
  }
  const exact = scores.reduce((n, s) => n + s.exact, 0);
  const total = scores.reduce((n, s) => n + s.total, 0);
  const unexpected = scores.reduce((n, s) => n + s.misses.length - (s.total - s.exact), 0);
  const share = total ? (exact - unexpected) / total : 0;
  console.log(
    `measures exact: ${exact} / ${total} (${(100 * share).toFixed(1)}% after ${unexpected} unexpected) in ${scores.length} plans`,
  );
  const min = values.min === undefined ? null : Number(values.min);
  if (min !== null && share < min) {
    console.error(`structure below the threshold: ${share.toFixed(3)} < ${min}`);
    process.exitCode = 1;
  }
}
