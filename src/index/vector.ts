import hnswlib from "hnswlib-node";

/** Cosine nearest neighbours over chunk vectors (hnswlib); labels are chunk positions. */
export class VectorIndex {
  private constructor(private readonly index: hnswlib.HierarchicalNSW) {}

  static build(vectors: number[][], dimensions: number): VectorIndex {
    const index = new hnswlib.HierarchicalNSW("cosine", dimensions);
    index.initIndex({ maxElements: Math.max(vectors.length, 1), m: 16, efConstruction: 200, randomSeed: 42 });
    vectors.forEach((v, i) => index.addPoint(v, i));
    return new VectorIndex(index);
  }

  static load(path: string, dimensions: number): VectorIndex {
    const index = new hnswlib.HierarchicalNSW("cosine", dimensions);
    index.readIndexSync(path);
    return new VectorIndex(index);
  }

  save(path: string): void {
    this.index.writeIndexSync(path);
  }

  get size(): number {
    return this.index.getCurrentCount();
  }

  /** Nearest chunks with cosine similarity; `accept` restricts the search (by plan, district). */
  search(query: number[], k: number, accept?: (doc: number) => boolean): { doc: number; score: number }[] {
    const n = Math.min(k, this.size);
    if (n === 0) return [];
    this.index.setEf(Math.max(64, n * 2));
    const { neighbors, distances } = this.index.searchKnn(query, n, accept);
    return neighbors.map((doc, i) => ({ doc, score: 1 - distances[i]! }));
  }
}
