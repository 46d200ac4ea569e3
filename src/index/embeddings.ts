import { Embeddings } from "@langchain/core/embeddings";
import { z } from "zod";
import type { Tokenizer } from "./tokenize.ts";

/**
 * The offline default embedder: TF-IDF over jieba words and Chinese character 2- and 3-grams, folded
 * into a fixed dimension by signed feature hashing and L2-normalized. It is fitted on the corpus (the
 * IDF weights), needs no model weights and is deterministic, so the same corpus always gives the same
 * vectors.
 */

export const OfflineEmbeddingsState = z.object({
  kind: z.literal("offline-tfidf-hash"),
  version: z.literal(1),
  dimensions: z.number().int().positive(),
  docCount: z.number().int(),
  /** IDF of every feature seen in more than one document; rarer features share the df=1 weight. */
  idf: z.record(z.string(), z.number()),
});
export type OfflineEmbeddingsState = z.infer<typeof OfflineEmbeddingsState>;

const CJK_RUN_RE = /[\u3400-\u9fff]+/g;
const GRAM_WEIGHT = 0.5;

function features(text: string, tokenizer: Tokenizer): Map<string, number> {
  const weights = new Map<string, number>();
  const add = (f: string, w: number) => weights.set(f, (weights.get(f) ?? 0) + w);
  for (const w of tokenizer.words(text)) add(`w:${w}`, 1);
  for (const run of text.match(CJK_RUN_RE) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) add(`b:${run.slice(i, i + 2)}`, GRAM_WEIGHT);
    for (let i = 0; i + 2 < run.length; i++) add(`t:${run.slice(i, i + 3)}`, GRAM_WEIGHT);
  }
  return weights;
}

/** FNV-1a: a stable 32-bit hash, so vectors do not depend on the platform or run. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class OfflineEmbeddings extends Embeddings {
  private constructor(
    private readonly state: OfflineEmbeddingsState,
    private readonly tokenizer: Tokenizer,
  ) {
    super({});
  }

  static fit(texts: string[], tokenizer: Tokenizer, dimensions = 512): OfflineEmbeddings {
    const df = new Map<string, number>();
    for (const text of texts) for (const f of features(text, tokenizer).keys()) df.set(f, (df.get(f) ?? 0) + 1);
    const n = texts.length;
    const idf: Record<string, number> = {};
    for (const [f, count] of df) if (count > 1) idf[f] = Math.log((n + 1) / (count + 1)) + 1;
    return new OfflineEmbeddings({ kind: "offline-tfidf-hash", version: 1, dimensions, docCount: n, idf }, tokenizer);
  }

  static restore(state: unknown, tokenizer: Tokenizer): OfflineEmbeddings {
    return new OfflineEmbeddings(OfflineEmbeddingsState.parse(state), tokenizer);
  }

  get dimensions(): number {
    return this.state.dimensions;
  }

  /** Names the embedder in the index manifest: an index is never queried with another's vectors. */
  get id(): string {
    return `offline-tfidf-hash-v${this.state.version}`;
  }

  toJSON(): OfflineEmbeddingsState {
    return this.state;
  }

  embed(text: string): number[] {
    const { dimensions, docCount, idf } = this.state;
    const rare = Math.log((docCount + 1) / 2) + 1;
    const v = new Array<number>(dimensions).fill(0);
    for (const [f, tf] of features(text, this.tokenizer)) {
      const h = fnv1a(f);
      const sign = h & 0x80000000 ? -1 : 1;
      v[h % dimensions]! += sign * (1 + Math.log(tf)) * (idf[f] ?? rare);
    }
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => this.embed(d));
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.embed(document);
  }
}
