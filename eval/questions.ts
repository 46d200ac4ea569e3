import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { z } from "zod";

export const ChatMessage = z.object({ role: z.enum(["user", "assistant", "system"]), content: z.string() });

export const EvalQuestion = z
  .object({
    id: z.string(),
    question: z.string().min(1),
    history: z.array(ChatMessage).optional(),
    /** The widget page's district, when the question is asked from one. */
    district: z.string().optional(),
    expect: z
      .object({
        top: z.array(z.string()).min(1).optional(),
        need: z.array(z.array(z.string()).min(1)).optional(),
        units: z.array(z.string()).optional(),
        refuse: z.boolean().optional(),
        /** Greetings, thanks, "转人工": status smalltalk or handoff, and no citation. */
        smalltalk: z.boolean().optional(),
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
    questions.push(withDerivedTags(parsed.data));
  });
  return questions;
}

/** Tags every question gets from its expectations, so per-tag figures do not depend on the writer's tagging. */
function withDerivedTags(q: EvalQuestion): EvalQuestion {
  const tags = new Set(q.tags);
  if (q.expect.refuse) tags.add("refuse");
  if (q.expect.smalltalk) tags.add("smalltalk");
  if (tags.has("unit")) tags.add("unit-list");
  return { ...q, tags: [...tags] };
}

export function isAnswerable(q: EvalQuestion): boolean {
  return !q.expect.refuse && !q.expect.smalltalk && Boolean(q.expect.top || q.expect.need);
}

/** The original question file: tuned on for months, so it is split into dev (tune) and test (decide). */
export const SPLIT_FILE = "eval/questions.jsonl";

/**
 * Dev or test, from a hash of the question's id: deterministic, independent of file order, and
 * roughly 60/40. A question never changes side when others are added.
 */
export function splitOf(id: string): "dev" | "test" {
  return createHash("sha256").update(id).digest()[0]! < 154 ? "dev" : "test";
}

/** Which corpus a set is asked over: the seed plans, or the fixture plans of the ingestion tests. */
export type EvalCorpus = "seeds" | "fixtures";

export interface QuestionSet {
  name: string;
  questions: EvalQuestion[];
  /** The seed plans unless said otherwise. */
  corpus?: EvalCorpus;
}

/**
 * The sets `npm run eval` reports: dev and test from the split file, then every blind set in eval/
 * (`blind-*.jsonl`, written by people who saw only the plan texts; never tuned on).
 */
export function standardSets(dir = "eval"): QuestionSet[] {
  const all = loadQuestions(join(dir, basename(SPLIT_FILE)));
  const sets: QuestionSet[] = [
    { name: "dev", questions: all.filter((q) => splitOf(q.id) === "dev") },
    { name: "test", questions: all.filter((q) => splitOf(q.id) === "test") },
  ];
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).sort()) {
      const m = /^blind-(.+)\.jsonl$/.exec(f);
      if (m) sets.push({ name: `blind-${m[1]}`, questions: loadQuestions(join(dir, f)) });
    }
  }
  // Sets written from the nine fixture plans (other districts, other shapes): generalization to unseen plans.
  const fixtureDir = join(dir, "fixture-plans");
  if (existsSync(fixtureDir)) {
    for (const f of readdirSync(fixtureDir).sort()) {
      const m = /^blind-(.+)\.jsonl$/.exec(f);
      if (m) sets.push({ name: `fix-${m[1]}`, questions: loadQuestions(join(fixtureDir, f)), corpus: "fixtures" });
    }
  }
  return sets;
}
