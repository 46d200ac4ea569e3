import { z } from "zod";
import { planClauses } from "../plan/clauses.ts";
import { ClauseKind, type Plan } from "../plan/schema.ts";

/** One retrievable piece of a citable unit. Pieces of a long section all carry that section's citation id. */
export const Chunk = z.object({
  id: z.string(),
  citationId: z.string(),
  planId: z.string(),
  district: z.string(),
  kind: ClauseKind,
  /** Plan title, section path, measure number, units and deadline: indexed with the text so context matches too. */
  header: z.string(),
  text: z.string(),
});
export type Chunk = z.infer<typeof Chunk>;

/** Bump when chunking changes for unchanged plans: the index manifest records it, so the index rebuilds. */
export const CHUNKER_VERSION = 3;

export const DEFAULT_MAX_CHUNK_CHARS = 240;

/** Splits at sentence ends into pieces of at most `max` characters (a longer sentence stays whole). */
export function splitSentences(text: string, max = DEFAULT_MAX_CHUNK_CHARS): string[] {
  if (text.length <= max) return [text];
  const sentences = text.split(/(?<=[。；！？\n])/).filter((s) => s.trim());
  const pieces: string[] = [];
  let current = "";
  for (const s of sentences) {
    if (current && current.length + s.length > max) {
      pieces.push(current.trim());
      current = "";
    }
    current += s;
  }
  if (current.trim()) pieces.push(current.trim());
  return pieces;
}

export function chunkPlan(plan: Plan, maxChars = DEFAULT_MAX_CHUNK_CHARS): Chunk[] {
  const { id: planId, district, title } = plan.meta;
  return planClauses(plan).flatMap((clause) => {
    const header = [
      title,
      ...clause.sectionPath,
      clause.measure !== null ? `第${clause.measure}条` : "",
      clause.units.map((u) => u.name).join("、"),
      // So that "这项什么时候完成" finds the clause by its 完成时限 too.
      clause.deadline ? `完成时限：${clause.deadline.text}` : "",
    ]
      .filter(Boolean)
      .join(" ");
    return splitSentences(clause.text, maxChars).map((text, i) => ({
      id: `${clause.id}#${i}`,
      citationId: clause.id,
      planId,
      district,
      kind: clause.kind,
      header,
      text,
    }));
  });
}
