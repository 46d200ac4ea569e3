import type { AskInput, Assistant } from "../answer/assistant.ts";
import type { Answer } from "../answer/schema.ts";
import { todayIso } from "../plan/status.ts";
import { serializedOnce } from "./respond.ts";

/** Keys longer than this (a long history) are answered without the cache, so it never holds much text per entry. */
export const MAX_KEY_CHARS = 4096;

export interface AnswerCacheStats {
  entries: number;
  hits: number;
  misses: number;
}

/**
 * The offline assistant with a bounded least-recently-used cache of its answers in front. An answer is a
 * function of the message exactly as sent (ask() splits multi-part questions on the raw text, so no
 * normalization is assumed), the history, the page's district, the index (one cache per assistant, and
 * an assistant per loaded index: a reload starts empty) and today's date in China time (plan status: in
 * force, expired). The language is read from the message. Channel and client address never change an
 * answer. Curated answers are looked up in front of this assistant (src/feedback/wrap.ts), so an edit
 * takes effect at once. With an LLM configured nothing is cached (answers are written per request and
 * streamed). Cached answers are frozen: a caller that tried to change one would throw instead of
 * changing the next caller's answer.
 */
export function withAnswerCache(
  inner: Assistant,
  { entries, clock = Date.now }: { entries: number; clock?: () => number },
): Assistant & { cacheStats(): AnswerCacheStats } {
  const cache = new Map<string, Answer>();
  let hits = 0;
  let misses = 0;
  const cacheStats = () => ({ entries: cache.size, hits, misses });
  if (entries <= 0 || inner.llmModel) return { ...inner, cacheStats };
  // Emptied when the date changes in China time (todayIso's calendar); the next midnight is computed once a day.
  let nextMidnight = 0;
  return {
    ...inner,
    cacheStats,
    async ask(input, options) {
      const key = cacheKey(input);
      if (key === null) return inner.ask(input, options);
      const now = clock();
      if (now >= nextMidnight) {
        cache.clear();
        nextMidnight = nextMidnightAfter(now);
      }
      const cached = cache.get(key);
      if (cached) {
        hits++;
        // Most recently used last: Map keeps insertion order, so the first key is the one to evict.
        cache.delete(key);
        cache.set(key, cached);
        return cached;
      }
      misses++;
      // A copy, so that freezing it never freezes the index's own arrays that a citation may share.
      // Serialized once here: the chat route sends the copies spread from it without serializing it again.
      const answer = deepFreeze(serializedOnce(structuredClone(await inner.ask(input, options))));
      cache.set(key, answer);
      if (cache.size > entries) cache.delete(cache.keys().next().value!);
      return answer;
    },
  };
}

/** What an answer depends on besides the index and the date; null when too long to be worth keeping. */
export function cacheKey(input: AskInput): string | null {
  let size = input.message.length + (input.district?.length ?? 0);
  for (const m of input.history ?? []) size += m.content.length + 12;
  if (size > MAX_KEY_CHARS) return null;
  return JSON.stringify([input.message, input.district ?? null, (input.history ?? []).map((m) => [m.role, m.content])]);
}

/** The first instant after `ms` at which todayIso() changes. */
export function nextMidnightAfter(ms: number): number {
  const today = todayIso(new Date(ms));
  let t = Date.parse(`${today}T00:00:00+08:00`) + DAY_MS;
  // A day is 24 h in China time (no daylight saving), but confirm it against todayIso itself.
  while (todayIso(new Date(t)) === today) t += 3600_000;
  return t;
}

const DAY_MS = 86_400_000;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
