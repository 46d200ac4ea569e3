import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { Chunk, chunkPlan } from "../chunk/chunk.ts";
import type { Config } from "../config.ts";
import { IndexMismatchError } from "../errors.ts";
import { corpusHashes, loadCorpus, type CorpusLoad } from "../ingest/corpus.ts";
import { progressLog, warningLine } from "../ingest/report.ts";
import { UNIT_TABLE } from "../ingest/units.ts";
import { planClauses } from "../plan/clauses.ts";
import { Plan, type Clause } from "../plan/schema.ts";
import { Bm25Index } from "./bm25.ts";
import { configuredEmbedderId, fitOfflineEmbedder, offlineEmbedder, openAIEmbedder, type IndexEmbedder } from "./embedder.ts";
import { OfflineEmbeddings } from "./embeddings.ts";
import { buildDictionary, buildGeneralIdf, createTokenizer, parseGeneralIdf, readUserTerms, type Tokenizer } from "./tokenize.ts";
import { VectorIndex } from "./vector.ts";

// 3: plans carry units as written with canonical names, deadlines, plan periods and sources.
const FORMAT_VERSION = 3;

export const Manifest = z.object({
  formatVersion: z.number().int(),
  builtAt: z.string(),
  buildMs: z.number(),
  embedder: z.object({ id: z.string(), dimensions: z.number().int().positive() }),
  corpus: z.record(z.string(), z.string()),
  counts: z.object({ plans: z.number(), clauses: z.number(), chunks: z.number() }),
});
export type Manifest = z.infer<typeof Manifest>;

/** Everything retrieval needs, loaded in memory. */
export interface PolicyIndex {
  manifest: Manifest;
  plans: Plan[];
  clauses: Map<string, Clause>;
  chunks: Chunk[];
  tokenizer: Tokenizer;
  /** General-language IDF of words (how informative a word is outside this corpus). */
  generalIdf: Map<string, number>;
  bm25: Bm25Index;
  vectors: VectorIndex;
  embedder: IndexEmbedder;
}

export type Log = (message: string) => void;

export function indexDir(config: Pick<Config, "dataDir">): string {
  return join(config.dataDir, "index");
}

/** The text a chunk is indexed under, by both the lexical and the vector index. */
export function indexedText(chunk: Chunk): string {
  return `${chunk.header}\n${chunk.text}`;
}

export function userTerms(): string[] {
  const terms = readUserTerms(new URL("../data/terms.txt", import.meta.url));
  const units = UNIT_TABLE.flatMap((u) => [u.name, ...u.aliases]);
  const glossaryFile = new URL("../data/glossary.json", import.meta.url);
  const glossary = existsSync(glossaryFile)
    ? (JSON.parse(readFileSync(glossaryFile, "utf8")) as { terms: { zh: string[] }[] }).terms.flatMap((t) => t.zh)
    : [];
  return [...terms, ...units, ...glossary];
}

/** Why the persisted index cannot serve this corpus and configuration, or null when it can. */
export function staleReason(config: Config): string | null {
  const file = join(indexDir(config), "manifest.json");
  if (!existsSync(file)) return "no index built yet";
  const manifest = Manifest.safeParse(readJson(file));
  if (!manifest.success || manifest.data.formatVersion !== FORMAT_VERSION) return "index format changed";
  if (manifest.data.embedder.id !== configuredEmbedderId(config))
    return `embedder changed (${manifest.data.embedder.id} → ${configuredEmbedderId(config)})`;
  const now = corpusHashes(config.corpusDir);
  const then = manifest.data.corpus;
  const changed = [...new Set([...Object.keys(now), ...Object.keys(then)])].filter((f) => now[f] !== then[f]);
  return changed.length ? `corpus changed: ${changed.join(", ")}` : null;
}

export interface BuildResult {
  index: PolicyIndex;
  corpus: CorpusLoad;
}

/** Parses the corpus, builds both indexes and persists them with a manifest. */
export async function buildIndex(config: Config, log: Log = () => {}): Promise<BuildResult> {
  const started = performance.now();
  const corpus = await loadCorpus(config.corpusDir, { progress: progressLog(log) });
  for (const e of corpus.errors) log(`error: ${e.message}`);
  for (const w of corpus.warnings) log(`warning: ${warningLine(w)}`);
  const { plans } = corpus;
  log(`parsed ${plans.length} plan(s): ${plans.map((p) => p.meta.id).join(", ") || "none"}`);

  const chunks = plans.flatMap((p) => chunkPlan(p));
  const texts = chunks.map(indexedText);
  const dictionary = buildDictionary(texts, userTerms());
  const generalIdf = buildGeneralIdf(dictionary);
  const tokenizer = createTokenizer(dictionary);
  const bm25 = Bm25Index.build(texts.map((t) => tokenizer.tokens(t)));
  log(`lexical index: ${chunks.length} chunks, ${bm25.data.terms.length} terms`);

  const { embedder, vectors } = await embedAll(config, texts, tokenizer, log);
  const dimensions = vectors[0]?.length ?? (embedder as { embeddings?: OfflineEmbeddings }).embeddings?.dimensions ?? 1;
  const vectorIndex = VectorIndex.build(vectors, dimensions);
  log(`vector index: ${vectors.length} vectors of ${dimensions} dimensions (${embedder.id})`);

  const clauses = plans.flatMap(planClauses);
  const manifest: Manifest = {
    formatVersion: FORMAT_VERSION,
    builtAt: new Date().toISOString(),
    buildMs: Math.round(performance.now() - started),
    embedder: { id: embedder.id, dimensions },
    corpus: corpus.hashes,
    counts: { plans: plans.length, clauses: clauses.length, chunks: chunks.length },
  };
  save(config, { manifest, plans, chunks, bm25, dictionary, generalIdf, vectorIndex, embedder });
  const index: PolicyIndex = {
    manifest,
    plans,
    clauses: new Map(clauses.map((c) => [c.id, c])),
    chunks,
    tokenizer,
    generalIdf: parseGeneralIdf(generalIdf),
    bm25,
    vectors: vectorIndex,
    embedder,
  };
  return { index, corpus };
}

async function embedAll(config: Config, texts: string[], tokenizer: Tokenizer, log: Log) {
  if (config.embeddings) {
    const embedder = openAIEmbedder(config.embeddings);
    try {
      return { embedder, vectors: await embedder.embedDocuments(texts) };
    } catch (err) {
      // A dead embedding server must not stop the assistant: build with the offline embedder.
      log(`warning: embedding server failed (${(err as Error).message}); using the offline embedder`);
    }
  }
  const embedder = fitOfflineEmbedder(texts, tokenizer);
  return { embedder, vectors: await embedder.embedDocuments(texts) };
}

interface Saved {
  manifest: Manifest;
  plans: Plan[];
  chunks: Chunk[];
  bm25: Bm25Index;
  dictionary: string;
  generalIdf: string;
  vectorIndex: VectorIndex;
  embedder: IndexEmbedder;
}

/** Writes into a fresh folder and swaps it in, so a crash mid-write never leaves a half index. */
function save(config: Config, s: Saved) {
  const dir = indexDir(config);
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, "plans.json"), JSON.stringify(s.plans));
  writeFileSync(join(tmp, "chunks.json"), JSON.stringify(s.chunks));
  const bm25 = s.bm25.serialize();
  writeFileSync(join(tmp, "bm25.json"), JSON.stringify(bm25.header));
  writeFileSync(join(tmp, "bm25.bin"), bm25.body);
  writeFileSync(join(tmp, "dictionary.txt"), s.dictionary);
  writeFileSync(join(tmp, "general-idf.txt"), s.generalIdf);
  const offline = (s.embedder as { embeddings?: OfflineEmbeddings }).embeddings;
  writeFileSync(join(tmp, "embedder.json"), JSON.stringify(offline ? offline.toJSON() : { id: s.embedder.id }));
  s.vectorIndex.save(join(tmp, "vectors.hnsw"));
  const v = s.vectorIndex.vectors;
  writeFileSync(join(tmp, "vectors.f32"), Buffer.from(v.buffer, v.byteOffset, v.byteLength));
  writeFileSync(join(tmp, "manifest.json"), JSON.stringify(s.manifest, null, 2));
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8"));
}

/**
 * Loads a persisted index; the embedder it was built with must be the one configured. The manifest and
 * headers are validated with zod; the bulk files were written by buildIndex in the same format version,
 * so they get structural checks (counts must agree) instead of a per-element parse that would cost
 * seconds on a large corpus.
 */
export function loadIndex(config: Config): PolicyIndex {
  const dir = indexDir(config);
  const manifest = Manifest.parse(readJson(join(dir, "manifest.json")));
  if (manifest.formatVersion !== FORMAT_VERSION)
    throw new IndexMismatchError(`index format ${manifest.formatVersion}, expected ${FORMAT_VERSION}`);
  const plans = readJson(join(dir, "plans.json")) as Plan[];
  const chunks = readJson(join(dir, "chunks.json")) as Chunk[];
  if (
    !Array.isArray(plans) ||
    plans.length !== manifest.counts.plans ||
    !Array.isArray(chunks) ||
    chunks.length !== manifest.counts.chunks
  ) {
    throw new IndexMismatchError("index files do not match the manifest");
  }
  // Spot-check one element of each: a format drift shows up here rather than deep inside a request.
  if (plans[0]) Plan.parse(plans[0]);
  if (chunks[0]) Chunk.parse(chunks[0]);
  const bm25 = Bm25Index.deserialize(readJson(join(dir, "bm25.json")), readFileSync(join(dir, "bm25.bin")));
  const tokenizer = createTokenizer(readFileSync(join(dir, "dictionary.txt"), "utf8"));
  const embedder = restoreEmbedder(config, manifest, readJson(join(dir, "embedder.json")), tokenizer);
  const dims = manifest.embedder.dimensions;
  const vectors = VectorIndex.load(join(dir, "vectors.hnsw"), readFloat32(join(dir, "vectors.f32")), dims);
  if (vectors.size !== chunks.length || bm25.size !== chunks.length || vectors.vectors.length !== chunks.length * dims) {
    throw new IndexMismatchError(`index is inconsistent: ${chunks.length} chunks, ${bm25.size} lexical, ${vectors.size} vectors`);
  }
  const clauses = plans.flatMap(planClauses);
  const generalIdf = parseGeneralIdf(readFileSync(join(dir, "general-idf.txt"), "utf8"));
  return { manifest, plans, clauses: new Map(clauses.map((c) => [c.id, c])), chunks, tokenizer, generalIdf, bm25, vectors, embedder };
}

function readFloat32(file: string): Float32Array {
  const buf = readFileSync(file);
  const out = new Float32Array(buf.byteLength / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

function restoreEmbedder(config: Config, manifest: Manifest, state: unknown, tokenizer: Tokenizer): IndexEmbedder {
  if (manifest.embedder.id.startsWith("openai:")) {
    if (!config.embeddings || `openai:${config.embeddings.model}` !== manifest.embedder.id) {
      throw new IndexMismatchError(`index was built with ${manifest.embedder.id}, which is not configured`);
    }
    return openAIEmbedder(config.embeddings);
  }
  return offlineEmbedder(OfflineEmbeddings.restore(state, tokenizer));
}

/** Loads the index when it matches the corpus and embedder, and rebuilds it otherwise. */
export async function ensureIndex(config: Config, log: Log = () => {}): Promise<PolicyIndex> {
  const reason = staleReason(config);
  if (reason === null) {
    try {
      return loadIndex(config);
    } catch (err) {
      log(`index unreadable (${(err as Error).message}); rebuilding`);
    }
  } else log(`building index: ${reason}`);
  return (await buildIndex(config, log)).index;
}
