import type { AskInput, Assistant } from "../answer/assistant.ts";
import type { Answer } from "../answer/schema.ts";
import type { CuratedAnswers } from "./curated.ts";
import type { QuestionLog } from "./log.ts";

/** Whatever ask() takes after the input (a signal today, maybe options tomorrow), forwarded untouched. */
type AskRest = Parameters<Assistant["ask"]> extends [AskInput, ...infer R] ? R : never;

export interface QuestionLogHooks {
  log: QuestionLog;
  curated?: CuratedAnswers | null;
  /** Called with every answer served (metrics). */
  observe?: (answer: Answer, input: AskInput, latencyMs: number) => void;
  onError?: (err: unknown) => void;
}

/**
 * The assistant with a question log in front: a matching curated answer is served instead of asking the
 * inner assistant (held to the inner assistant's output policy, as ask() holds its own answers); every
 * answer gets an answerId and is queued for the log. Logging never fails an answer.
 */
export function withQuestionLog(inner: Assistant, { log, curated, observe, onError }: QuestionLogHooks): Assistant {
  return {
    ...inner,
    async ask(input: AskInput, ...rest: AskRest) {
      const started = performance.now();
      const hit = curated?.answerFor(inner, input) ?? null;
      const served = hit ? inner.finalize(hit.answer) : await inner.ask(input, ...rest);
      const answer = { ...served, answerId: log.newAnswerId() };
      const latencyMs = performance.now() - started;
      try {
        log.record({ input, answer, latencyMs, curatedId: hit?.id ?? null });
        observe?.(answer, input, latencyMs);
      } catch (err) {
        onError?.(err);
      }
      return answer;
    },
  };
}
