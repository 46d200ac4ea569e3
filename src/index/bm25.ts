import { crc32 } from "node:zlib";
import { z } from "zod";
import { IndexMismatchError } from "../errors.ts";
import { topKOf } from "./topk.ts";

/**
 * Okapi BM25 over pre-tokenized documents. Postings live in flat typed arrays, so the index persists as a
 * small JSON header plus one binary file and loads without parsing numbers one by one; a loaded index reads
 * each term's postings from the file the first time a query has the term (Bm25Index.open).
 */

export const Bm25Header = z.object({
  k1: z.number(),
  b: z.number(),
  docCount: z.number().int().nonnegative(),
  postingCount: z.number().int().nonnegative(),
  terms: z.array(z.string()),
  /** CRC-32 of the body's head (document lengths and offsets) and of each term's postings. */
  headCrc: z.number().int(),
  termCrcs: z.array(z.number().int()),
  statistics: z.lazy(() => Bm25Statistics).optional(),
});
export type Bm25Header = z.infer<typeof Bm25Header>;

/**
 * The corpus statistics when some documents are searched but not counted (a section's lead-in, which repeats
 * its measures' words): the counted documents, their mean length, and each term's document frequency where
 * it differs from its postings' count (as [term id, df] pairs).
 */
export const Bm25Statistics = z.object({
  docCount: z.number().int().nonnegative(),
  avgLength: z.number().nonnegative(),
  df: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])),
});
export type Bm25Statistics = z.infer<typeof Bm25Statistics>;

const Bm25HeaderFields = Bm25Header.omit({ terms: true, termCrcs: true });

/**
 * Bm25Header.safeParse with the same verdict, the two per-term arrays checked by a plain loop: zod's parse of
 * every element was ~30 ms of a start at two plans (7,658 terms) and grows with the vocabulary.
 */
function parseHeader(header: unknown): Bm25Header | null {
  const fields = Bm25HeaderFields.safeParse(header);
  if (!fields.success) return null;
  const { terms, termCrcs } = header as { terms?: unknown; termCrcs?: unknown };
  if (!Array.isArray(terms) || !Array.isArray(termCrcs)) return null;
  for (const term of terms) if (typeof term !== "string") return null;
  for (const crc of termCrcs) if (!Number.isInteger(crc)) return null;
  return { ...fields.data, terms, termCrcs };
}

export interface Bm25Data extends Omit<Bm25Header, "headCrc" | "termCrcs"> {
  docLengths: Uint32Array;
  /** Term t's postings are pairs (doc, tf) at postings[2*offsets[t] .. 2*offsets[t+1]). */
  offsets: Uint32Array;
  /** Every posting in memory (a built index), or null when they are read term by term (a loaded one). */
  postings: Uint32Array | null;
}

/** Bytes [start, end) of the persisted body. */
export type ReadBytes = (start: number, end: number) => Uint8Array;

/** A Uint32Array over bytes, viewed when 4-byte aligned, else copied. */
function uint32s(bytes: Uint8Array): Uint32Array {
  if (bytes.byteOffset % 4 === 0) return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  return new Uint32Array(Uint8Array.from(bytes).buffer);
}

export interface Scored {
  doc: number;
  score: number;
}

export class Bm25Index {
  private readonly termIds: Map<string, number>;
  private readonly avgLength: number;
  private readonly countedDocs: number;
  private readonly dfOverrides: Map<number, number>;
  /** Reused between searches; only the entries a search touched are reset. */
  private readonly scores: Float64Array;
  /** Postings read so far, by term id (an index opened from a file). */
  private readonly read: (Uint32Array | undefined)[] = [];

  constructor(
    readonly data: Bm25Data,
    /** Reads one term's postings (an index opened from a file, whose data.postings is null). */
    private readonly readTerm?: (id: number) => Uint32Array,
  ) {
    this.termIds = new Map(data.terms.map((t, i) => [t, i]));
    let total = 0;
    for (const l of data.docLengths) total += l;
    this.avgLength = data.statistics?.avgLength ?? (data.docCount ? total / data.docCount : 0);
    this.countedDocs = data.statistics?.docCount ?? data.docCount;
    this.dfOverrides = new Map(data.statistics?.df ?? []);
    this.scores = new Float64Array(data.docCount);
  }

  static build(docs: Iterable<string[]>, options: { k1?: number; b?: number } = {}): Bm25Index {
    const builder = new Bm25Builder();
    for (const tokens of docs) builder.add(tokens);
    return builder.finish(options);
  }

  /** Header (JSON) and body (binary: doc lengths, offsets, postings) for persisting. */
  serialize(): { header: Bm25Header; body: Buffer } {
    const { k1, b, docCount, postingCount, terms, docLengths, offsets, statistics } = this.data;
    const postings = this.data.postings ?? this.allPostings();
    const bytes = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    const head = Buffer.concat([bytes(docLengths), bytes(offsets)]);
    const termCrcs = terms.map((_, t) => crc32(bytes(postings.subarray(offsets[t]! * 2, offsets[t + 1]! * 2))));
    const body = Buffer.concat([head, bytes(postings)]);
    return {
      header: { k1, b, docCount, postingCount, terms, headCrc: crc32(head), termCrcs, ...(statistics ? { statistics } : {}) },
      body,
    };
  }

  private allPostings(): Uint32Array {
    const out = new Uint32Array(this.data.postingCount * 2);
    for (let t = 0; t < this.data.terms.length; t++) out.set(this.termPostings(t), this.data.offsets[t]! * 2);
    return out;
  }

  /** An index whose body is in memory (every posting viewed in place). */
  static deserialize(header: unknown, body: Buffer): Bm25Index {
    const index = Bm25Index.open(header, (start, end) => body.subarray(start, end), body.byteLength);
    return new Bm25Index({ ...index.data, postings: index.allPostings() });
  }

  /**
   * An index over a persisted body of `size` bytes: the document lengths and offsets are read now, each
   * term's postings the first time a query has the term, each checked against its CRC-32 (a damaged read
   * throws IndexMismatchError instead of scoring).
   */
  static open(header: unknown, read: ReadBytes, size: number): Bm25Index {
    const h = parseHeader(header);
    if (!h) throw new IndexMismatchError("bm25.json does not match its schema");
    const headWords = h.docCount + h.terms.length + 1;
    if (size !== (headWords + h.postingCount * 2) * 4 || h.termCrcs.length !== h.terms.length)
      throw new IndexMismatchError(`bm25.bin has ${size} bytes, bm25.json expects ${(headWords + h.postingCount * 2) * 4}`);
    const headBytes = read(0, headWords * 4);
    if (headBytes.byteLength !== headWords * 4 || crc32(headBytes) !== h.headCrc)
      throw new IndexMismatchError("bm25.bin: document lengths and offsets do not match their checksum");
    const head = uint32s(headBytes);
    const offsets = head.subarray(h.docCount);
    if (offsets[0] !== 0 || offsets[h.terms.length] !== h.postingCount)
      throw new IndexMismatchError("bm25.bin: offsets do not match bm25.json");
    const postingsStart = headWords * 4;
    const readTerm = (id: number) => {
      const start = postingsStart + offsets[id]! * 8;
      const end = postingsStart + offsets[id + 1]! * 8;
      const bytes = end > start ? read(start, end) : new Uint8Array(0);
      if (bytes.byteLength !== end - start || crc32(bytes) !== h.termCrcs[id])
        throw new IndexMismatchError(`bm25.bin: the postings of a term do not match their checksum`);
      return uint32s(bytes);
    };
    const { k1, b, docCount, postingCount, terms, statistics } = h;
    return new Bm25Index(
      {
        k1,
        b,
        docCount,
        postingCount,
        terms,
        docLengths: head.subarray(0, h.docCount),
        offsets,
        postings: null,
        ...(statistics ? { statistics } : {}),
      },
      readTerm,
    );
  }

  /** Term `id`'s postings, (doc, tf) pairs sorted by document. */
  private termPostings(id: number): Uint32Array {
    const { offsets, postings } = this.data;
    if (postings) return postings.subarray(offsets[id]! * 2, offsets[id + 1]! * 2);
    let list = this.read[id];
    if (!list) this.read[id] = list = this.readTerm!(id);
    return list;
  }

  get size(): number {
    return this.data.docCount;
  }

  /** Inverse document frequency of a term; a term no document has gets the highest weight. */
  idf(term: string): number {
    const id = this.termIds.get(term);
    const df = id === undefined ? 0 : (this.dfOverrides.get(id) ?? this.data.offsets[id + 1]! - this.data.offsets[id]!);
    return Math.log(1 + (this.countedDocs - df + 0.5) / (df + 0.5));
  }

  /**
   * The k best documents sharing a term with the query. `within` restricts the search to documents in
   * [start, end) ranges (sorted, disjoint: a district's or a plan's chunks are consecutive): each term's
   * postings, sorted by document, are entered by binary search at each range, so a filtered search reads
   * only the filter's postings instead of checking every posting against it.
   */
  search(query: string[], k: number, within?: DocRanges): Scored[] {
    const { k1, b, docLengths } = this.data;
    const scores = this.scores;
    const touched: number[] = [];
    const counts = new Map<string, number>();
    for (const t of query) counts.set(t, (counts.get(t) ?? 0) + 1);
    const score = (list: Uint32Array, i: number, weight: number) => {
      const doc = list[i]!;
      const tf = list[i + 1]!;
      const norm = tf + k1 * (1 - b + (b * docLengths[doc]!) / this.avgLength);
      if (scores[doc] === 0) touched.push(doc);
      scores[doc]! += weight * ((tf * (k1 + 1)) / norm);
    };
    for (const [term, qtf] of counts) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      const weight = qtf * this.idf(term);
      const list = this.termPostings(id);
      const last = list.length / 2;
      if (!within) {
        for (let i = 0; i < list.length; i += 2) score(list, i, weight);
        continue;
      }
      let at = 0;
      for (let r = 0; r < within.length && at < last; r += 2) {
        at = lowerBound(list, at, last, within[r]!);
        const end = within[r + 1]!;
        for (; at < last && list[at * 2]! < end; at++) score(list, at * 2, weight);
      }
    }
    const best = topKOf(k, (push) => {
      for (const doc of touched) push(doc, scores[doc]!);
    });
    for (const doc of touched) scores[doc] = 0;
    return best;
  }
}

/** Document ranges as [start, end) pairs, sorted and disjoint. */
export type DocRanges = Uint32Array;

/** The first posting position in [from, to) whose document is ≥ doc (postings are (doc, tf) pairs). */
function lowerBound(postings: Uint32Array, from: number, to: number, doc: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (postings[mid * 2]! < doc) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A Uint32Array that grows by doubling: postings are collected without a JavaScript array per term. */
class GrowingUint32 {
  array = new Uint32Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.array.length) {
      const bigger = new Uint32Array(this.array.length * 2);
      bigger.set(this.array);
      this.array = bigger;
    }
    this.array[this.length++] = x;
  }
  view(): Uint32Array {
    return this.array.subarray(0, this.length);
  }
}

/**
 * Builds the index one document at a time, so a caller can tokenize, add and drop each document's tokens
 * instead of holding every token list: per document only its (term, tf) pairs are kept, in typed arrays,
 * and a counting sort by term at the end lays them out as postings (by term, then by document).
 */
export class Bm25Builder {
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly docLengths = new GrowingUint32();
  /** Where each document's pairs start in pairTerms/pairTfs. */
  private readonly docStarts = new GrowingUint32();
  private readonly pairTerms = new GrowingUint32();
  private readonly pairTfs = new GrowingUint32();
  /** Term frequencies of the document being added, by term id; reset after each document. */
  private tf = new Uint32Array(1024);
  /** Documents searched but not counted in the statistics. */
  private readonly uncounted: number[] = [];

  /** Adds a document; an uncounted one is searched like the others but leaves document frequencies and lengths as they were. */
  add(tokens: readonly string[], { counted = true }: { counted?: boolean } = {}): void {
    if (!counted) this.uncounted.push(this.docLengths.length);
    this.docStarts.push(this.pairTerms.length);
    this.docLengths.push(tokens.length);
    const seen: number[] = [];
    for (const token of tokens) {
      let id = this.termIds.get(token);
      if (id === undefined) {
        id = this.terms.length;
        this.termIds.set(token, id);
        this.terms.push(token);
        if (id >= this.tf.length) {
          const bigger = new Uint32Array(this.tf.length * 2);
          bigger.set(this.tf);
          this.tf = bigger;
        }
      }
      if (this.tf[id]! === 0) seen.push(id);
      this.tf[id]!++;
    }
    for (const id of seen) {
      this.pairTerms.push(id);
      this.pairTfs.push(this.tf[id]!);
      this.tf[id] = 0;
    }
  }

  finish({ k1 = 1.2, b = 0.75 }: { k1?: number; b?: number } = {}): Bm25Index {
    const termCount = this.terms.length;
    const docCount = this.docLengths.length;
    const pairTerms = this.pairTerms.view();
    const pairTfs = this.pairTfs.view();
    const docStarts = this.docStarts.view();
    const offsets = new Uint32Array(termCount + 1);
    for (const t of pairTerms) offsets[t + 1]!++;
    for (let t = 0; t < termCount; t++) offsets[t + 1]! += offsets[t]!;
    const cursor = offsets.slice(0, termCount);
    const postings = new Uint32Array(pairTerms.length * 2);
    for (let doc = 0; doc < docCount; doc++) {
      const end = doc + 1 < docCount ? docStarts[doc + 1]! : pairTerms.length;
      for (let p = docStarts[doc]!; p < end; p++) {
        const at = cursor[pairTerms[p]!]!++ * 2;
        postings[at] = doc;
        postings[at + 1] = pairTfs[p]!;
      }
    }
    const docLengths = this.docLengths.view().slice();
    return new Bm25Index({
      k1,
      b,
      docCount,
      postingCount: pairTerms.length,
      terms: this.terms,
      docLengths,
      offsets,
      postings,
      ...(this.uncounted.length ? { statistics: this.statistics(docLengths, offsets, pairTerms, docStarts) } : {}),
    });
  }

  private statistics(docLengths: Uint32Array, offsets: Uint32Array, pairTerms: Uint32Array, docStarts: Uint32Array): Bm25Statistics {
    const uncountedDf = new Map<number, number>();
    let uncountedLength = 0;
    for (const doc of this.uncounted) {
      uncountedLength += docLengths[doc]!;
      const end = doc + 1 < docLengths.length ? docStarts[doc + 1]! : pairTerms.length;
      for (let p = docStarts[doc]!; p < end; p++) uncountedDf.set(pairTerms[p]!, (uncountedDf.get(pairTerms[p]!) ?? 0) + 1);
    }
    let total = 0;
    for (const l of docLengths) total += l;
    const docCount = docLengths.length - this.uncounted.length;
    return {
      docCount,
      avgLength: docCount ? (total - uncountedLength) / docCount : 0,
      df: [...uncountedDf].map(([t, n]) => [t, offsets[t + 1]! - offsets[t]! - n] as [number, number]),
    };
  }
}
