import type { Clause, Part, Plan, Section } from "./schema.ts";

/** Citation id of a numbered measure: `putuo-2021:17`, or scoped by section when numbering restarts. */
export function citationId(planId: string, path: number[]): string {
  return `${planId}:${path.join(".")}`;
}

function measuresRestart(plan: Plan): boolean {
  const numbers = plan.parts.flatMap((p) => [...p.measures, ...p.sections.flatMap((s) => s.measures)]).map((m) => m.number);
  return new Set(numbers).size !== numbers.length;
}

/** Every citable unit of a plan, in reading order: intro, measures or sections, closing. */
export function planClauses(plan: Plan): Clause[] {
  const planId = plan.meta.id;
  const scoped = measuresRestart(plan);
  const clauses: Clause[] = [];
  if (plan.intro) clauses.push(simple(plan, "intro", plan.intro));

  const visit = (node: Section, path: number[], sectionPath: string[], kind: "part" | "section") => {
    if (node.measures.length === 0 && node.body && node.bodySpan && !("sections" in node && (node as Part).sections.length)) {
      clauses.push({
        id: citationId(planId, path),
        planId,
        kind,
        measure: null,
        sectionPath,
        text: node.body,
        units: node.units,
        targets: node.targets,
        span: node.bodySpan,
      });
    }
    for (const m of node.measures) {
      clauses.push({
        id: citationId(planId, scoped ? [...path, m.number] : [m.number]),
        planId,
        kind: "measure",
        measure: m.number,
        sectionPath,
        text: m.text,
        units: m.units,
        targets: m.targets,
        span: m.span,
      });
    }
  };
  for (const part of plan.parts) {
    const partPath = part.heading ? [part.heading] : [];
    visit(part, [part.number], partPath, "part");
    for (const section of part.sections) visit(section, [part.number, section.number], [...partPath, section.heading], "section");
  }
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
