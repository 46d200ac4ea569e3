import type { Tokenizer } from "../index/tokenize.ts";

export function sentences(text: string): string[] {
  return text
    .split(/(?<=[。；！？\n])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The sentences of a clause that share the most with the question, in their original order. */
export function bestSentences(text: string, query: string, tokenizer: Tokenizer, max = 2, prefer?: (s: string) => boolean): string[] {
  const all = sentences(text);
  if (all.length <= max) return all;
  const q = new Set(tokenizer.tokens(query));
  const scored = all.map((s, i) => {
    const tokens = new Set(tokenizer.tokens(s));
    let overlap = 0;
    for (const t of tokens) if (q.has(t)) overlap += t.startsWith("#") ? 1 : 2;
    return { i, s, score: overlap + (prefer?.(s) ? 100 : 0) };
  });
  const chosen = scored.sort((a, b) => b.score - a.score || a.i - b.i).slice(0, max);
  return chosen.sort((a, b) => a.i - b.i).map((c) => c.s);
}

/** A quote of at most `max` characters, cut at a sentence end where possible, with an ellipsis when cut. */
export function excerpt(parts: string[], full: string, max = 160): string {
  const joined = parts.join("");
  const body = joined.length > max ? `${joined.slice(0, max)}…` : joined;
  return joined === full ? body : body.endsWith("…") ? body : `${body}…`;
}
