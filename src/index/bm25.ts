import { z } from "zod";

/** Okapi BM25 over pre-tokenized documents; postings are stored flat so the index persists as JSON. */

export const Bm25Data = z.object({
  k1: z.number(),
  b: z.number(),
  docLengths: z.array(z.number()),
  terms: z.array(z.string()),
  /** For each term: [doc, tf, doc, tf, …]. */
  postings: z.array(z.array(z.number())),
});
export type Bm25Data = z.infer<typeof Bm25Data>;

export interface Scored {
  doc: number;
  score: number;
}

export class Bm25Index {
  private readonly termIds: Map<string, number>;
  private readonly avgLength: number;

  constructor(readonly data: Bm25Data) {
    this.termIds = new Map(data.terms.map((t, i) => [t, i]));
    const total = data.docLengths.reduce((a, b) => a + b, 0);
    this.avgLength = data.docLengths.length ? total / data.docLengths.length : 0;
  }

  static build(docs: string[][], { k1 = 1.2, b = 0.75 } = {}): Bm25Index {
    const termIds = new Map<string, number>();
    const postings: number[][] = [];
    docs.forEach((tokens, doc) => {
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [term, count] of tf) {
        let id = termIds.get(term);
        if (id === undefined) {
          id = postings.length;
          termIds.set(term, id);
          postings.push([]);
        }
        postings[id]!.push(doc, count);
      }
    });
    return new Bm25Index({ k1, b, docLengths: docs.map((d) => d.length), terms: [...termIds.keys()], postings });
  }

  /** Inverse document frequency of a term; a term no document has gets the highest weight. */
  idf(term: string): number {
    const id = this.termIds.get(term);
    const n = this.data.docLengths.length;
    const df = id === undefined ? 0 : this.data.postings[id]!.length / 2;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  get size(): number {
    return this.data.docLengths.length;
  }

  /** Scores every document sharing a term with the query; `accept` filters documents (by plan, district). */
  search(query: string[], k: number, accept?: (doc: number) => boolean): Scored[] {
    const { k1, b, docLengths, postings } = this.data;
    const n = docLengths.length;
    const scores = new Map<number, number>();
    const counts = new Map<string, number>();
    for (const t of query) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [term, qtf] of counts) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      const list = postings[id]!;
      const df = list.length / 2;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (let i = 0; i < list.length; i += 2) {
        const doc = list[i]!;
        if (accept && !accept(doc)) continue;
        const tf = list[i + 1]!;
        const norm = tf + k1 * (1 - b + (b * docLengths[doc]!) / this.avgLength);
        scores.set(doc, (scores.get(doc) ?? 0) + qtf * idf * ((tf * (k1 + 1)) / norm));
      }
    }
    return topK(scores, k);
  }
}

export function topK(scores: Map<number, number>, k: number): Scored[] {
  return [...scores]
    .map(([doc, score]) => ({ doc, score }))
    .sort((x, y) => y.score - x.score || x.doc - y.doc)
    .slice(0, k);
}
