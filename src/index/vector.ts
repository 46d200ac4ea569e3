import { createRequire } from "node:module";
import type * as Hnswlib from "hnswlib-node";
import { topKOf } from "./topk.ts";

/** The native module, loaded when a vector index is first built or loaded: offline (no embeddings) a start never needs it. */
const hnswlib = () => createRequire(import.meta.url)("hnswlib-node") as typeof Hnswlib;

/**
 * Cosine nearest neighbours over chunk vectors; labels are chunk positions. hnswlib answers unfiltered
 * queries; a query filtered to a small part of the corpus (one district or plan) is scored exactly over
 * that part instead, because hnswlib's filtered search visits most of the graph to fill k and is then
 * both slower and approximate.
 */
export class VectorIndex {
  private constructor(
    private readonly index: Hnswlib.HierarchicalNSW,
    /** Every vector, L2-normalized, row after row (so cosine similarity is a dot product). */
    readonly vectors: Float32Array,
    readonly dimensions: number,
  ) {}

  static build(vectors: number[][], dimensions: number): VectorIndex {
    const index = new (hnswlib().HierarchicalNSW)("cosine", dimensions);
    // efConstruction 100 builds twice as fast as 200; the search-time ef below makes up the recall.
    index.initIndex({ maxElements: Math.max(vectors.length, 1), m: 16, efConstruction: 100, randomSeed: 42 });
    const flat = new Float32Array(vectors.length * dimensions);
    vectors.forEach((v, i) => {
      index.addPoint(v, i);
      flat.set(normalized(v), i * dimensions);
    });
    return new VectorIndex(index, flat, dimensions);
  }

  static load(graphPath: string, vectors: Float32Array, dimensions: number): VectorIndex {
    const index = new (hnswlib().HierarchicalNSW)("cosine", dimensions);
    index.readIndexSync(graphPath);
    return new VectorIndex(index, vectors, dimensions);
  }

  save(graphPath: string): void {
    this.index.writeIndexSync(graphPath);
  }

  get size(): number {
    return this.index.getCurrentCount();
  }

  /**
   * Nearest chunks with cosine similarity. `candidates` (chunk positions allowed by a filter), when given
   * and small, are scored exactly; otherwise hnswlib searches with `accept` as its filter.
   */
  search(query: number[], k: number, accept?: (doc: number) => boolean, candidates?: ArrayLike<number>): { doc: number; score: number }[] {
    const n = Math.min(k, this.size);
    if (n === 0) return [];
    if (candidates && candidates.length <= Math.max(EXACT_SCAN_LIMIT, this.size / 4)) return this.exact(normalized(query), candidates, n);
    this.index.setEf(Math.max(200, n * 2));
    const { neighbors, distances } = this.index.searchKnn(query, n, accept);
    return neighbors.map((doc, i) => ({ doc, score: 1 - distances[i]! }));
  }

  private exact(q: Float32Array, candidates: ArrayLike<number>, k: number) {
    const { vectors, dimensions } = this;
    return topKOf(k, (push) => {
      for (let c = 0; c < candidates.length; c++) {
        const doc = candidates[c]!;
        let dot = 0;
        for (let i = 0, o = doc * dimensions; i < dimensions; i++) dot += q[i]! * vectors[o + i]!;
        push(doc, dot);
      }
    });
  }
}

/** Below this many candidates an exact scan always beats the graph. */
const EXACT_SCAN_LIMIT = 5000;

function normalized(v: ArrayLike<number>): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
  norm = Math.sqrt(norm) || 1;
  return Float32Array.from(v, (x) => x / norm);
}
