import { z } from "zod";
import { UnitRef } from "../plan/schema.ts";

export const Citation = z.object({
  id: z.string(),
  planId: z.string(),
  planTitle: z.string(),
  district: z.string(),
  measure: z.number().int().nullable(),
  sectionPath: z.array(z.string()),
  units: z.array(UnitRef),
  text: z.string(),
});
export type Citation = z.infer<typeof Citation>;

export const Answer = z.object({
  answer: z.string(),
  status: z.enum(["answered", "not_found"]),
  lang: z.enum(["zh", "en"]),
  mode: z.enum(["extractive", "llm"]),
  citations: z.array(Citation),
  /** Why the LLM answer was not used, when an LLM is configured but failed. */
  fallback: z.string().optional(),
});
export type Answer = z.infer<typeof Answer>;
