import type { Clause, Measure, Part, Plan, Section } from "./schema.ts";

/** The name a unit is indexed under: its canonical name within the alias table's districts, else as written. */
export const unitKey = (u: { name: string; canonical?: string | null }): string => u.canonical ?? u.name;

/** Citation id of a numbered measure: `putuo-2021:17`, or scoped by section when numbering restarts. */
export function citationId(planId: string, path: number[]): string {
  return `${planId}:${path.join(".")}`;
}

/** Measure groups in reading order: a part's own measures, then each of its sections'. */
export function measureGroups(parts: Part[]): Measure[][] {
  return parts.flatMap((p) => [p.measures, ...p.sections.map((s) => s.measures)]).filter((g) => g.length > 0);
}

/** How many numbered measures the plans hold. */
export function countMeasures(plans: Plan[]): number {
  return plans.reduce((n, p) => n + measureGroups(p.parts).reduce((m, g) => m + g.length, 0), 0);
}

/**
 * True when measure numbers restart per section or part (（1）（2） in every section): a later group starts
 * again at 1. A duplicated number in a plan numbered throughout (a typo) is not a restart.
 */
export function numberingRestarts(parts: Part[]): boolean {
  return measureGroups(parts)
    .slice(1)
    .some((g) => g[0]!.number === 1);
}

/** Every citable unit of a plan, in reading order: intro, measures or sections, closing. */
export function planClauses(plan: Plan): Clause[] {
  const planId = plan.meta.id;
  const scoped = numberingRestarts(plan.parts);
  const used = new Set<string>();
  // Measures take their ids first: a part's own body never takes a measure's id (`:1` is measure 1).
  const measureIds = new Map<Measure, string>();
  const eachNode = (fn: (node: Section, path: number[], sectionPath: string[], kind: "part" | "section", hasSections: boolean) => void) => {
    for (const part of plan.parts) {
      const partPath = part.heading ? [part.heading] : [];
      fn(part, [part.number], partPath, "part", part.sections.length > 0);
      for (const section of part.sections) fn(section, [part.number, section.number], [...partPath, section.heading], "section", false);
    }
  };
  eachNode((node, path) => {
    for (const m of node.measures) {
      // A number used twice in a plan numbered throughout falls back to its section-scoped id.
      const scopedPath = [...path, m.number];
      let id = citationId(planId, scoped ? scopedPath : [m.number]);
      if (used.has(id)) id = citationId(planId, scopedPath);
      for (let k = 2; used.has(id); k++) id = `${citationId(planId, scopedPath)}-${k}`;
      used.add(id);
      measureIds.set(m, id);
    }
  });
  const clauses: Clause[] = [];
  if (plan.intro) clauses.push(simple(plan, "intro", plan.intro));
  eachNode((node, path, sectionPath, kind, hasSections) => {
    // A node's own text is citable: the whole body of a section without measures, or the lead-in of one with
    // measures or sections (（五）…对标浦东"一业一证"…具体措施：), which states aims no measure repeats.
    if (node.body && node.bodySpan && !isOnlyLeadWord(node.body)) {
      let id = citationId(planId, path);
      if (used.has(id)) id = `${planId}:p${path.join(".")}`;
      used.add(id);
      clauses.push({
        id,
        planId,
        kind,
        measure: null,
        sectionPath,
        text: node.body,
        units: node.units,
        targets: node.targets,
        span: node.bodySpan,
        ...(node.measures.length > 0 || hasSections ? { leadIn: true } : {}),
      });
    }
    for (const m of node.measures) {
      clauses.push({
        id: measureIds.get(m)!,
        planId,
        kind: "measure",
        measure: m.number,
        sectionPath,
        text: m.text,
        units: m.units,
        targets: m.targets,
        deadline: m.deadline ?? null,
        span: m.span,
      });
    }
  });
  if (plan.closing) clauses.push(simple(plan, "closing", plan.closing));
  return clauses;
}

function simple(plan: Plan, kind: "intro" | "closing", node: { text: string; span: Clause["span"] }): Clause {
  return {
    id: `${plan.meta.id}:${kind}`,
    planId: plan.meta.id,
    kind,
    measure: null,
    sectionPath: [kind === "intro" ? "引言" : "施行"],
    text: node.text,
    units: [],
    targets: [],
    span: node.span,
  };
}

/** A lead-in that says nothing but "measures follow" (具体措施：) is no citable text. */
function isOnlyLeadWord(body: string): boolean {
  return /^[\s（(]*(具体|主要|重点)?(措施|任务|举措|内容)(如下)?[）)]?[:：。]?\s*$/.test(body);
}
