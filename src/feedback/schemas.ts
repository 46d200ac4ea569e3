import { z } from "zod";

/** Request bodies of the feedback and admin APIs, validated at the edge. */

export const FeedbackRequest = z
  .object({
    answerId: z.uuid("must be the answerId returned with an answer"),
    rating: z.enum(["up", "down"]),
    comment: z.string().max(1000, "must be at most 1000 characters").optional(),
    /** "Mark wrong": the clause that answers the question. */
    clauseId: z.string().min(1).max(200).optional(),
    channel: z.enum(["widget", "console", "api"]).optional(),
  })
  .strict();
export type FeedbackRequest = z.infer<typeof FeedbackRequest>;

const bound = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: "must be a date (YYYY-MM-DD) or an ISO date-time" });

export const ReportQuery = z.object({ from: bound.optional(), to: bound.optional() }).loose();

export const CuratedRequest = z
  .object({
    /** The question pattern; or questionId to write the answer for a logged question. */
    pattern: z.string().min(1).max(500).optional(),
    questionId: z.string().min(1).max(100).optional(),
    match: z.enum(["exact", "contains"]).default("exact"),
    district: z.string().max(20).nullable().optional(),
    answer: z.string().trim().min(1, "must not be empty").max(4000),
    citations: z.array(z.string().min(1).max(200)).min(1, "a curated answer must cite at least one clause").max(10),
    note: z.string().max(500).optional(),
  })
  .strict()
  .refine((r) => r.pattern || r.questionId, { message: "give a pattern or a questionId", path: ["pattern"] });
export type CuratedRequest = z.infer<typeof CuratedRequest>;
