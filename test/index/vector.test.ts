import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VectorIndex } from "../../src/index/vector.ts";

function randomVectors(n: number, dims: number, seed = 3): number[][] {
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
  return Array.from({ length: n }, () => Array.from({ length: dims }, rand));
}

describe("VectorIndex", () => {
  const vectors = randomVectors(300, 16);
  const index = VectorIndex.build(vectors, 16);

  it("finds a stored vector as its own nearest neighbour with similarity 1", () => {
    const [best] = index.search(vectors[42]!, 3);
    expect(best!.doc).toBe(42);
    expect(best!.score).toBeCloseTo(1, 5);
  });

  it("scores a filtered query exactly over the candidates, agreeing with the graph's filtered search", () => {
    const allowed = Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 7 === 0);
    const accept = (doc: number) => doc % 7 === 0;
    const exact = index.search(vectors[5]!, 5, accept, allowed);
    const graph = index.search(vectors[5]!, 5, accept);
    expect(exact.every((h) => h.doc % 7 === 0)).toBe(true);
    expect(exact.map((h) => h.doc)).toEqual(graph.map((h) => h.doc));
    exact.forEach((h, i) => expect(h.score).toBeCloseTo(graph[i]!.score, 5));
  });

  it("reloads from disk with the same answers", () => {
    const dir = mkdtempSync(join(tmpdir(), "vec-"));
    index.save(join(dir, "g.hnsw"));
    const loaded = VectorIndex.load(join(dir, "g.hnsw"), index.vectors, 16);
    expect(loaded.search(vectors[9]!, 4)).toEqual(index.search(vectors[9]!, 4));
    rmSync(dir, { recursive: true, force: true });
  });
});
