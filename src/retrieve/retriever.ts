import type { PolicyIndex } from "../index/store.ts";
import type { Tokenizer } from "../index/tokenize.ts";
import type { ClauseFilter, ClauseHit } from "./hybrid.ts";
import { type RetrievalStrategy, retrieve } from "./pipeline.ts";

/** The index as answering holds it: handed to the store and retrieval, never read by composition. */
export type { PolicyIndex };

/** A sentence of a hit's clause with how much of the question it says (2 per shared word, 1 per shared character pair). */
export interface SentenceEvidence {
  text: string;
  overlap: number;
}

/**
 * A hit with what composing its answer needs, so composition never reaches into the index: the clause (its
 * text, units, targets, deadline), the ranking evidence, and its sentences scored against the question
 * (computed on first use: most hits are never quoted).
 */
export interface EvidencedHit extends ClauseHit {
  sentences(): SentenceEvidence[];
}

/**
 * What answering needs of the clauses, and no more: ranked hits with their evidence, filtered by data
 * (districts, plans). The in-process index implements it today; a search server could tomorrow.
 */
export interface ClauseStore {
  search(
    question: Parameters<typeof retrieve>[1],
    options: { k: number; strategy: RetrievalStrategy; filter?: ClauseFilter },
  ): Promise<EvidencedHit[]>;
}

export function inProcessStore(index: PolicyIndex): ClauseStore {
  return {
    // The filter reaches the search as data (ranges of the allowed plans' chunks inside BM25); the
    // districts also scope the understanding, so answers and the unit index see the same districts.
    search: async (u, { k, strategy, filter }) => {
      const hits = await retrieve(index, filter?.districts?.length ? { ...u, districts: filter.districts } : u, k, strategy, filter);
      const query = `${u.retrievalText} ${u.expansion.join(" ")}`;
      return hits.map((h) => withSentences(h, index.tokenizer, query));
    },
  };
}

export function sentences(text: string): string[] {
  return text
    .split(/(?<=[。；！？\n])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The hit with its clause's sentences scored against the question by the index's tokenizer, computed once when asked. */
export function withSentences(hit: ClauseHit, tokenizer: Tokenizer, query: string): EvidencedHit {
  let scored: SentenceEvidence[] | null = null;
  return {
    ...hit,
    sentences: () => {
      if (scored) return scored;
      const all = sentences(hit.clause.text);
      // A clause short enough to quote whole needs no scoring (and the question's tokens are not needed).
      const q = all.length > 1 && query.trim() ? new Set(tokenizer.tokens(query)) : new Set<string>();
      scored = all.map((text) => {
        let overlap = 0;
        if (q.size) for (const t of new Set(tokenizer.tokens(text))) if (q.has(t)) overlap += t.startsWith("#") ? 1 : 2;
        return { text, overlap };
      });
      return scored;
    },
  };
}
