import { LlmOutputTooLongError } from "../errors.ts";
import type { ClauseHit } from "../retrieve/hybrid.ts";
import { toTraditional } from "../understand/script.ts";
import type { HistoryMessage, Understanding } from "../understand/understand.ts";
import { createStreamGate, DEFAULT_OUTPUT_POLICY, type OutputPolicy, sanitizeText } from "./check.ts";
import { verifyAgainstClauses } from "./check-claims.ts";
import { type Corpus, citationOf } from "./cite.ts";
// Types only: the LangChain client in llm.ts is loaded only when an LLM is configured.
import type { LlmAnswerer } from "./llm.ts";
import type { Answer } from "./schema.ts";

export interface LlmBranchInput {
  llm: LlmAnswerer;
  index: Corpus;
  u: Understanding;
  /** The clauses the model is shown; only these may be cited. */
  shown: ClauseHit[];
  history: HistoryMessage[];
  /** The offline answer, used whenever the model's answer cannot be. */
  offline: Answer;
  policy?: OutputPolicy;
  signal?: AbortSignal;
  /** Receives the model's text as it is written: sanitized, in the question's script, capped. */
  onDelta?: (text: string) => void;
  onError?: (err: unknown) => void;
}

/**
 * The LLM branch of an answer: the model's text is used only when it cites clauses it was shown and
 * everything it states checks out against them; otherwise the offline answer, with `fallback` saying why.
 */
export async function answerWithLlm(x: LlmBranchInput): Promise<Answer> {
  const { index, u, shown, offline, signal, onDelta } = x;
  const policy = x.policy ?? DEFAULT_OUTPUT_POLICY;
  // The model sees the question in Simplified script; a Traditional question gets a Traditional answer.
  const script = (s: string) => (u.traditional ? toTraditional(s) : s);
  const shownText = shown.map((h) => h.clause.text).join("\n");
  const gate = onDelta
    ? createStreamGate((s) => script(sanitizeText(s, { linkOrigins: policy.linkOrigins, trusted: shownText })), policy.maxChars)
    : null;
  const onText =
    gate && onDelta
      ? (raw: string) => {
          const delta = gate.push(raw);
          if (delta) onDelta(delta);
        }
      : undefined;
  try {
    const out = await x.llm.answer(u, shown, x.history, { signal, onText, maxChars: policy.maxChars });
    const byId = new Map(shown.map((h) => [h.id, h]));
    // Only clauses the model was shown may be cited; an invented id is dropped.
    const valid = [...new Set(out.citations)].filter((id) => byId.has(id));
    if (!valid.length) return { ...offline, fallback: "llm_no_valid_citation" };
    const clauses = valid.map((id) => byId.get(id)!.clause);
    const citations = clauses.map((c) => citationOf(index, c));
    const text = sanitizeText(out.answer, { linkOrigins: policy.linkOrigins, trusted: clauses.map((c) => c.text).join("\n") });
    if (!text) return { ...offline, fallback: "llm_empty" };
    const check = verifyAgainstClauses(text, { clauses, planTitles: [...new Set(citations.map((c) => c.planTitle))] });
    if (!check.ok) return { ...offline, fallback: check.reason };
    return { ...offline, answer: script(text), mode: "llm", citations };
  } catch (err) {
    if (signal?.aborted) throw err;
    if (err instanceof LlmOutputTooLongError) return { ...offline, fallback: "llm_too_long" };
    x.onError?.(err);
    return { ...offline, fallback: "llm_error" };
  }
}
