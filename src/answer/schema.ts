import { z } from "zod";
import { ClauseKind, UnitRef } from "../plan/schema.ts";

/** Whether the cited plan is in force today (computed from its dates; see the ingestion of plan metadata). */
export const PlanStatus = z.enum(["in_force", "not_yet_in_force", "expired", "superseded"]);
export type PlanStatus = z.infer<typeof PlanStatus>;

export const Citation = z.object({
  id: z.string(),
  planId: z.string(),
  planTitle: z.string(),
  district: z.string(),
  /** What is cited: a measure, a section, a part, … or the plan itself as a document. */
  kind: z.union([ClauseKind, z.literal("plan")]).optional(),
  measure: z.number().int().nullable(),
  sectionPath: z.array(z.string()),
  units: z.array(UnitRef),
  text: z.string(),
  /** The clause's deadline as written ("2024年6月底前", "长期坚持") and as a date where it has one. */
  deadline: z.object({ text: z.string(), date: z.string().nullable() }).nullable().optional(),
  planStatus: PlanStatus.optional(),
});
export type Citation = z.infer<typeof Citation>;

export const ConfidenceLevel = z.enum(["high", "medium", "low"]);
export type ConfidenceLevel = z.infer<typeof ConfidenceLevel>;

export const Answer = z.object({
  /** Set by the server when the question is logged; feedback refers to it. */
  answerId: z.string().optional(),
  answer: z.string(),
  /** answered; partial (a multi-part question some parts of which the plans do not cover); not_found;
   * smalltalk (greetings, thanks, who-are-you); handoff (the user asked for a person: 12345). */
  status: z.enum(["answered", "partial", "not_found", "smalltalk", "handoff"]),
  lang: z.enum(["zh", "en"]),
  mode: z.enum(["extractive", "llm", "curated"]),
  citations: z.array(Citation),
  /** Calibrated 0..1: how likely the first citation is the right clause; for a refusal, how sure it is that
   * the plans do not cover the question (documented in the README's answer format). Always set. */
  confidence: z.number().min(0).max(1),
  /** high ≥ 0.75, medium ≥ 0.55, low below (src/answer/confidence.ts). Always set. */
  confidenceLevel: ConfidenceLevel,
  /** Other close clauses, offered as choices when confidence is low; [] when there are none. Always set. */
  alternatives: z.array(Citation),
  /** Why the LLM answer was not used, when an LLM is configured but failed or its text did not check out. */
  fallback: z.string().optional(),
});
export type Answer = z.infer<typeof Answer>;
