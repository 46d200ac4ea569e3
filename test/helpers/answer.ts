import type { Answer } from "../../src/answer/schema.ts";

/** A plain answered Answer with the given text and nothing cited: for code that only handles an answer. */
export const plainAnswer = (text: string): Answer => ({
  answer: text,
  status: "answered",
  lang: "zh",
  mode: "extractive",
  citations: [],
  confidence: 0.9,
  confidenceLevel: "high",
  alternatives: [],
});
