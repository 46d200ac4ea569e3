import type { Clause } from "../plan/schema.ts";
import type { PolicyIndex } from "../index/store.ts";

export interface SearchOptions {
  /** How many clauses to return. */
  k?: number;
  planIds?: string[];
  districts?: string[];
  /** Plan vocabulary added to the query (glossary translations, synonyms of colloquial words). */
  expansion?: string;
}

export interface RankInfo {
  rank: number;
  score: number;
}

export interface ClauseHit {
  id: string;
  clause: Clause;
  /** Fused score (reciprocal rank fusion of the two rankings). */
  score: number;
  lexical: RankInfo | null;
  vector: RankInfo | null;
}

/** RRF's damping constant; 60 is the value from the original paper and works across corpora. */
const RRF_K = 60;

/** Fuses rankings by reciprocal rank: robust to the two scorers' incomparable scales. */
export function reciprocalRankFusion(rankings: { doc: number; score: number }[][], k = RRF_K): Map<number, number> {
  const fused = new Map<number, number>();
  for (const ranking of rankings) {
    ranking.forEach(({ doc }, rank) => fused.set(doc, (fused.get(doc) ?? 0) + 1 / (k + rank + 1)));
  }
  return fused;
}

/** Hybrid retrieval: BM25 and vector rankings of chunks, fused, then grouped by citation id. */
export async function searchClauses(index: PolicyIndex, query: string, options: SearchOptions = {}): Promise<ClauseHit[]> {
  const k = options.k ?? 5;
  const depth = Math.max(50, k * 10);
  const accept = chunkFilter(index, options);
  const fullQuery = options.expansion ? `${query} ${options.expansion}` : query;
  const lexicalQuery = index.tokenizer.tokens(fullQuery);
  const lexical = index.bm25.search(lexicalQuery, depth, accept);
  let vector: { doc: number; score: number }[] = [];
  try {
    vector = index.vectors.search(await index.embedder.embedQuery(fullQuery), depth, accept, accept && candidatesFor(index, options));
  } catch {
    // An embedding server that fails at query time leaves the lexical ranking to answer alone.
  }
  return groupByClause(index, reciprocalRankFusion([lexical, vector]), lexical, vector).slice(0, k);
}

const candidateCache = new WeakMap<PolicyIndex, Map<string, Uint32Array>>();

/** Positions of the chunks a filter allows, computed once per filter and index. */
function candidatesFor(index: PolicyIndex, options: SearchOptions): Uint32Array {
  const key = JSON.stringify([[...(options.planIds ?? [])].sort(), [...(options.districts ?? [])].sort()]);
  const cache = candidateCache.get(index) ?? new Map<string, Uint32Array>();
  candidateCache.set(index, cache);
  let list = cache.get(key);
  if (!list) {
    const accept = chunkFilter(index, options)!;
    list = Uint32Array.from(index.chunks.keys()).filter(accept);
    cache.set(key, list);
  }
  return list;
}

function chunkFilter(index: PolicyIndex, { planIds, districts }: SearchOptions): ((doc: number) => boolean) | undefined {
  if (!planIds?.length && !districts?.length) return undefined;
  return (doc) => {
    const chunk = index.chunks[doc]!;
    return (!planIds?.length || planIds.includes(chunk.planId)) && (!districts?.length || districts.includes(chunk.district));
  };
}

function groupByClause(
  index: PolicyIndex,
  fused: Map<number, number>,
  lexical: { doc: number; score: number }[],
  vector: { doc: number; score: number }[],
): ClauseHit[] {
  const rankOf = (list: { doc: number; score: number }[]) => new Map(list.map((x, i) => [x.doc, { rank: i + 1, score: x.score }]));
  const lexicalRanks = rankOf(lexical);
  const vectorRanks = rankOf(vector);
  const best = new Map<string, ClauseHit>();
  for (const [doc, score] of fused) {
    const chunk = index.chunks[doc]!;
    const prev = best.get(chunk.citationId);
    if (prev && prev.score >= score) continue;
    best.set(chunk.citationId, {
      id: chunk.citationId,
      clause: index.clauses.get(chunk.citationId)!,
      score,
      lexical: lexicalRanks.get(doc) ?? null,
      vector: vectorRanks.get(doc) ?? null,
    });
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
