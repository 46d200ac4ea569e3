import { chunkPlan } from "../src/chunk/chunk.ts";
import { indexedText, type PolicyIndex } from "../src/index/store.ts";
import { lexicalTokens, searchClauses } from "../src/retrieve/hybrid.ts";
import type { QueryCase } from "./generate.ts";

/**
 * How much of an exhaustive scorer's ranking the index returns, so a faster search can never hide a quality
 * loss. The exhaustive scorer re-chunks the plans and re-tokenizes every chunk (it shares nothing with the
 * postings but the tokenizer), scores every chunk that has a query term with the same BM25 formula, applies
 * the district filter chunk by chunk, and sorts everything: no postings, ranges, heap or early exit.
 */

export interface RecallFigures {
  n: number;
  /** Share of queries whose first chunk (lexical) or clause (searchClauses) is the exhaustive first. */
  chunkHitAt1: number;
  chunkRecallAt10: number;
  clauseHitAt1: number;
  clauseRecallAt10: number;
}

export interface RecallResult {
  unfiltered: RecallFigures;
  filtered: RecallFigures;
}

interface Doc {
  citationId: string;
  district: string;
  length: number;
  /** A section's lead-in: searched, but (as in the index) not counted in the corpus statistics. */
  uncounted: boolean;
}

export async function measureRecall(index: PolicyIndex, queries: QueryCase[], { k1 = 1.2, b = 0.75 } = {}): Promise<RecallResult> {
  const cases = queries.map((q) => ({ q, tokens: lexicalTokens(index, q.question) }));
  const wanted = new Set(cases.flatMap((c) => c.tokens));
  // Forward pass over every chunk: its length, and the term frequencies of the query terms only.
  const docs: Doc[] = [];
  const postings = new Map<string, { doc: number; tf: number }[]>();
  for (const plan of index.plans) {
    for (const chunk of chunkPlan(plan)) {
      const tokens = index.tokenizer.tokens(indexedText(chunk));
      const doc = docs.length;
      const uncounted = index.clauses.get(chunk.citationId)?.leadIn === true;
      docs.push({ citationId: chunk.citationId, district: chunk.district, length: tokens.length, uncounted });
      const tf = new Map<string, number>();
      for (const t of tokens) if (wanted.has(t)) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let list = postings.get(t);
        if (!list) postings.set(t, (list = []));
        list.push({ doc, tf: n });
      }
    }
  }
  const counted = docs.filter((d) => !d.uncounted);
  const avgLength = counted.reduce((n, d) => n + d.length, 0) / Math.max(1, counted.length);
  const exhaustive = (tokens: string[], districts?: string[]) => {
    const scores = new Map<number, number>();
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [term, qtf] of counts) {
      const list = postings.get(term) ?? [];
      const df = list.filter(({ doc }) => !docs[doc]!.uncounted).length;
      const idf = Math.log(1 + (counted.length - df + 0.5) / (df + 0.5));
      for (const { doc, tf } of list) {
        if (districts && !districts.includes(docs[doc]!.district)) continue;
        const norm = tf + k1 * (1 - b + (b * docs[doc]!.length) / avgLength);
        scores.set(doc, (scores.get(doc) ?? 0) + qtf * idf * ((tf * (k1 + 1)) / norm));
      }
    }
    return [...scores].sort((x, y) => y[1] - x[1] || x[0] - y[0]).map(([doc]) => doc);
  };

  const rows: { filtered: boolean; chunkHit: boolean; chunkRecall: number; clauseHit: boolean; clauseRecall: number }[] = [];
  for (const { q, tokens } of cases) {
    const truth = exhaustive(tokens, q.districts);
    const truthChunks = truth.slice(0, 10);
    // Lead-ins are placed by a rule after the scoring (just behind the clause after them): the clause
    // comparison is over the other clauses.
    const truthClauses = [...new Set(truth.filter((d) => !docs[d]!.uncounted).map((d) => docs[d]!.citationId))].slice(0, 10);
    const ranges = q.districts ? filterRanges(index, q.districts) : undefined;
    const got = index.bm25.search(tokens, 10, ranges).map((s) => s.doc);
    const hits = (await searchClauses(index, q.question, { k: 10, ...(q.districts ? { districts: q.districts } : {}) })).filter(
      (h) => !h.clause.leadIn,
    );
    const share = (found: (string | number)[], expected: (string | number)[]) =>
      expected.length ? found.filter((x) => expected.includes(x)).length / expected.length : 1;
    rows.push({
      filtered: !!q.districts,
      chunkHit: got[0] === truthChunks[0],
      chunkRecall: share(got, truthChunks),
      clauseHit: hits[0]?.id === truthClauses[0],
      clauseRecall: share(
        hits.map((h) => h.id),
        truthClauses,
      ),
    });
  }
  const figures = (subset: typeof rows): RecallFigures => {
    const mean = (f: (r: (typeof rows)[number]) => number) => subset.reduce((n, r) => n + f(r), 0) / Math.max(1, subset.length);
    return {
      n: subset.length,
      chunkHitAt1: mean((r) => Number(r.chunkHit)),
      chunkRecallAt10: mean((r) => r.chunkRecall),
      clauseHitAt1: mean((r) => Number(r.clauseHit)),
      clauseRecallAt10: mean((r) => r.clauseRecall),
    };
  };
  return { unfiltered: figures(rows.filter((r) => !r.filtered)), filtered: figures(rows.filter((r) => r.filtered)) };
}

/** The chunk ranges of the districts' plans, as searchClauses makes them. */
function filterRanges(index: PolicyIndex, districts: string[]): Uint32Array {
  const pairs: number[] = [];
  index.plans.forEach((p, i) => {
    if (districts.includes(p.meta.district)) pairs.push(index.chunks.planStarts[i]!, index.chunks.planStarts[i + 1]!);
  });
  return Uint32Array.from(pairs);
}
