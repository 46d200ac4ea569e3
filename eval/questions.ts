import { readFileSync } from "node:fs";
import { z } from "zod";

export const ChatMessage = z.object({ role: z.enum(["user", "assistant", "system"]), content: z.string() });

export const EvalQuestion = z
  .object({
    id: z.string(),
    question: z.string().min(1),
    history: z.array(ChatMessage).optional(),
    expect: z
      .object({
        top: z.array(z.string()).min(1).optional(),
        need: z.array(z.array(z.string()).min(1)).optional(),
        units: z.array(z.string()).optional(),
        refuse: z.boolean().optional(),
        contains: z.array(z.string()).optional(),
      })
      .strict(),
    tags: z.array(z.string()).default([]),
  })
  .strict();
export type EvalQuestion = z.infer<typeof EvalQuestion>;

/** Reads a JSONL question file; a bad line is reported with its number. */
export function loadQuestions(file: string): EvalQuestion[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const questions: EvalQuestion[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      throw new Error(`${file}:${i + 1}: invalid JSON (${(err as Error).message})`);
    }
    const parsed = EvalQuestion.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`${file}:${i + 1}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
    }
    questions.push(parsed.data);
  });
  return questions;
}

export function isAnswerable(q: EvalQuestion): boolean {
  return !q.expect.refuse && Boolean(q.expect.top || q.expect.need);
}
