import { z } from "zod";

/** Metadata the parser cannot always read from the text; a sidecar `<planId>.meta.json` supplies it. */
export const PlanMetaSidecar = z
  .object({
    district: z.string().min(1).optional(),
    districtEn: z.string().min(1).optional(),
    city: z.string().optional(),
    title: z.string().min(1).optional(),
    titleEn: z.string().optional(),
    issuer: z.string().optional(),
    docNumber: z.string().optional(),
    issueDate: z.iso.date().optional(),
    effectiveDate: z.iso.date().optional(),
    publishedDate: z.iso.date().optional(),
  })
  .strict();
export type PlanMetaSidecar = z.infer<typeof PlanMetaSidecar>;

export const PlanMeta = z.object({
  id: z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d{4}$/, "plan id must be <district-pinyin>-<year>"),
  district: z.string(),
  districtEn: z.string().nullable(),
  city: z.string().nullable(),
  title: z.string(),
  titleEn: z.string().nullable(),
  issuer: z.string().nullable(),
  docNumber: z.string().nullable(),
  issueDate: z.string().nullable(),
  effectiveDate: z.string().nullable(),
  /** The day it was published (a web page's 发布日期), when the source gives one apart from the issue date (成文日期). */
  publishedDate: z.string().nullable().optional(),
  /** The period the plan covers or its validity as written ("2024—2026年", "有效期至2025年12月31日"), with ISO dates. */
  period: z.object({ text: z.string(), start: z.string().nullable(), end: z.string().nullable() }).nullable().optional(),
  /** Titles of the documents it replaces (原《…》同时废止). */
  supersedes: z.array(z.string()).optional(),
  /** Titles of the documents it implements or is based on (根据《…》). */
  basis: z.array(z.string()).optional(),
  /** The corpus file it was read from, and its type. */
  source: z.object({ file: z.string(), type: z.enum(["txt", "md", "pdf", "docx", "html"]) }).optional(),
});
export type PlanMeta = z.infer<typeof PlanMeta>;

export const UnitRole = z.enum(["responsible", "lead", "support"]);
export type UnitRole = z.infer<typeof UnitRole>;

export const UnitRef = z.object({
  /** The unit exactly as the plan writes it. */
  name: z.string(),
  /** The name the alias table gives it within its own district (for the unit index), when that differs. */
  canonical: z.string().nullable().optional(),
  nameEn: z.string().nullable(),
  role: UnitRole,
});
export type UnitRef = z.infer<typeof UnitRef>;

export const Target = z.object({
  /** The figure exactly as written, e.g. "95%以上", "90分钟", "130项". */
  text: z.string(),
  value: z.number(),
  unit: z.string(),
  kind: z.enum(["percent", "count", "duration", "area", "money"]),
});
export type Target = z.infer<typeof Target>;

/** A span of the normalized plan text, as [start, end) character offsets. */
export const Span = z.object({ start: z.number().int(), end: z.number().int() });
export type Span = z.infer<typeof Span>;

/** A deadline as written (完成时限, "2024年6月底前", "长期坚持") and as an ISO date where it has one. */
export const Deadline = z.object({ text: z.string(), date: z.string().nullable() });
export type Deadline = z.infer<typeof Deadline>;

export const Measure = z.object({
  number: z.number().int(),
  text: z.string(),
  units: z.array(UnitRef),
  targets: z.array(Target),
  deadline: Deadline.nullable().optional(),
  span: Span,
  line: z.number().int(),
});
export type Measure = z.infer<typeof Measure>;

export const Section = z.object({
  /** 1-based position within its part, or null for a part's own body. */
  number: z.number().int(),
  heading: z.string(),
  title: z.string(),
  /** Text that is not a measure: a section's lead-in, or the whole body in plans without measures. */
  body: z.string(),
  bodySpan: Span.nullable(),
  measures: z.array(Measure),
  units: z.array(UnitRef),
  targets: z.array(Target),
  line: z.number().int(),
});
export type Section = z.infer<typeof Section>;

export const Part = Section.extend({ sections: z.array(Section) });
export type Part = z.infer<typeof Part>;

export const Plan = z.object({
  meta: PlanMeta,
  /** The normalized text; every span points into it. */
  text: z.string(),
  intro: z.object({ text: z.string(), span: Span }).nullable(),
  parts: z.array(Part),
  closing: z.object({ text: z.string(), span: Span }).nullable(),
});
export type Plan = z.infer<typeof Plan>;

export const ClauseKind = z.enum(["measure", "section", "part", "intro", "closing"]);
export type ClauseKind = z.infer<typeof ClauseKind>;

/** One citable unit of a plan: what a citation points at. */
export const Clause = z.object({
  id: z.string(),
  planId: z.string(),
  kind: ClauseKind,
  measure: z.number().int().nullable(),
  sectionPath: z.array(z.string()),
  text: z.string(),
  units: z.array(UnitRef),
  targets: z.array(Target),
  deadline: Deadline.nullable().optional(),
  /** A section's or part's lead-in before its measures: its aims, which no measure repeats. */
  leadIn: z.boolean().optional(),
  span: Span,
});
export type Clause = z.infer<typeof Clause>;
