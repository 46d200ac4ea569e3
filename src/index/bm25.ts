import { z } from "zod";
import { topKOf } from "./topk.ts";

/**
 * Okapi BM25 over pre-tokenized documents. Postings live in flat typed arrays, so the index persists as a
 * small JSON header plus one binary file and loads without parsing numbers one by one.
 */

export const Bm25Header = z.object({
  k1: z.number(),
  b: z.number(),
  docCount: z.number().int().nonnegative(),
  postingCount: z.number().int().nonnegative(),
  terms: z.array(z.string()),
});
export type Bm25Header = z.infer<typeof Bm25Header>;

export interface Bm25Data extends Bm25Header {
  docLengths: Uint32Array;
  /** Term t's postings are pairs (doc, tf) at postings[2*offsets[t] .. 2*offsets[t+1]). */
  offsets: Uint32Array;
  postings: Uint32Array;
}

export interface Scored {
  doc: number;
  score: number;
}

export class Bm25Index {
  private readonly termIds: Map<string, number>;
  private readonly avgLength: number;
  /** Reused between searches; only the entries a search touched are reset. */
  private readonly scores: Float64Array;

  constructor(readonly data: Bm25Data) {
    this.termIds = new Map(data.terms.map((t, i) => [t, i]));
    let total = 0;
    for (const l of data.docLengths) total += l;
    this.avgLength = data.docCount ? total / data.docCount : 0;
    this.scores = new Float64Array(data.docCount);
  }

  static build(docs: string[][], { k1 = 1.2, b = 0.75 } = {}): Bm25Index {
    const termIds = new Map<string, number>();
    const lists: number[][] = [];
    docs.forEach((tokens, doc) => {
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [term, count] of tf) {
        let id = termIds.get(term);
        if (id === undefined) {
          id = lists.length;
          termIds.set(term, id);
          lists.push([]);
        }
        lists[id]!.push(doc, count);
      }
    });
    const offsets = new Uint32Array(lists.length + 1);
    lists.forEach((l, i) => (offsets[i + 1] = offsets[i]! + l.length / 2));
    const postings = new Uint32Array(offsets[lists.length]! * 2);
    lists.forEach((l, i) => postings.set(l, offsets[i]! * 2));
    return new Bm25Index({
      k1,
      b,
      docCount: docs.length,
      postingCount: offsets[lists.length]!,
      terms: [...termIds.keys()],
      docLengths: Uint32Array.from(docs, (d) => d.length),
      offsets,
      postings,
    });
  }

  /** Header (JSON) and body (binary: doc lengths, offsets, postings) for persisting. */
  serialize(): { header: Bm25Header; body: Buffer } {
    const { k1, b, docCount, postingCount, terms, docLengths, offsets, postings } = this.data;
    const body = Buffer.concat([docLengths, offsets, postings].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
    return { header: { k1, b, docCount, postingCount, terms }, body };
  }

  static deserialize(header: unknown, body: Buffer): Bm25Index {
    const h = Bm25Header.parse(header);
    const words = h.docCount + h.terms.length + 1 + h.postingCount * 2;
    if (body.byteLength !== words * 4) throw new Error(`bm25 body has ${body.byteLength} bytes, expected ${words * 4}`);
    // Copy into an aligned buffer: a Buffer may sit at any offset of a shared pool.
    const all = new Uint32Array(words);
    new Uint8Array(all.buffer).set(body);
    const offsetsStart = h.docCount;
    const postingsStart = offsetsStart + h.terms.length + 1;
    return new Bm25Index({
      ...h,
      docLengths: all.subarray(0, offsetsStart),
      offsets: all.subarray(offsetsStart, postingsStart),
      postings: all.subarray(postingsStart),
    });
  }

  get size(): number {
    return this.data.docCount;
  }

  /** Inverse document frequency of a term; a term no document has gets the highest weight. */
  idf(term: string): number {
    const id = this.termIds.get(term);
    const df = id === undefined ? 0 : this.data.offsets[id + 1]! - this.data.offsets[id]!;
    return Math.log(1 + (this.data.docCount - df + 0.5) / (df + 0.5));
  }

  /** The k best documents sharing a term with the query; `accept` filters documents (by plan, district). */
  search(query: string[], k: number, accept?: (doc: number) => boolean): Scored[] {
    const { k1, b, docLengths, offsets, postings } = this.data;
    const scores = this.scores;
    const touched: number[] = [];
    const counts = new Map<string, number>();
    for (const t of query) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [term, qtf] of counts) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      const idf = this.idf(term);
      for (let i = offsets[id]! * 2, end = offsets[id + 1]! * 2; i < end; i += 2) {
        const doc = postings[i]!;
        if (accept && !accept(doc)) continue;
        const tf = postings[i + 1]!;
        const norm = tf + k1 * (1 - b + (b * docLengths[doc]!) / this.avgLength);
        if (scores[doc] === 0) touched.push(doc);
        scores[doc]! += qtf * idf * ((tf * (k1 + 1)) / norm);
      }
    }
    const best = topKOf(k, (push) => {
      for (const doc of touched) push(doc, scores[doc]!);
    });
    for (const doc of touched) scores[doc] = 0;
    return best;
  }
}
