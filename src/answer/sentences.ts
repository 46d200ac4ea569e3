import type { SentenceEvidence } from "../retrieve/retriever.ts";

/**
 * The sentences of a clause that share the most with the question, in their original order: chosen from
 * the hit's sentence evidence (retrieval scored them), `prefer` first (a sentence with a figure).
 */
export function bestSentences(scored: SentenceEvidence[], max = 2, prefer?: (s: string) => boolean): string[] {
  if (scored.length <= max) return scored.map((s) => s.text);
  const ranked = scored.map((s, i) => ({ i, s: s.text, score: s.overlap + (prefer?.(s.text) ? 100 : 0) }));
  const chosen = ranked.sort((a, b) => b.score - a.score || a.i - b.i).slice(0, max);
  return chosen.sort((a, b) => a.i - b.i).map((c) => c.s);
}

/** A quote of at most `max` characters, cut at a sentence end where possible, with an ellipsis when cut. */
export function excerpt(parts: string[], full: string, max = 160): string {
  const joined = parts.join("");
  const body = joined.length > max ? `${joined.slice(0, max)}…` : joined;
  return joined === full ? body : body.endsWith("…") ? body : `${body}…`;
}
