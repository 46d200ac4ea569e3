import { createHash } from "node:crypto";
import {
  closeSync,
  createReadStream,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { crc32 } from "node:zlib";
import { z } from "zod";
import { CHUNKER_VERSION, type Chunk, chunkPlan } from "../chunk/chunk.ts";
import type { Config } from "../config.ts";
import { IndexMismatchError, PlanParseError } from "../errors.ts";
import { corpusHashes, loadCorpus, type CorpusLoad } from "../ingest/corpus.ts";
import { PARSER_VERSION } from "../ingest/parse.ts";
import { progressLog, warningLine } from "../ingest/report.ts";
import { UNIT_TABLE } from "../ingest/units.ts";
import { planClauses } from "../plan/clauses.ts";
import { Clause, type Plan } from "../plan/schema.ts";
import { Bm25Builder, Bm25Index } from "./bm25.ts";
import { configuredEmbedderId, OFFLINE_EMBEDDER_ID, openAIEmbedder, type IndexEmbedder } from "./embedder.ts";
import { buildGeneralIdf, corpusTokenizer, createTokenizer, parseGeneralIdf, readUserTerms, type Tokenizer } from "./tokenize.ts";
import {
  type Catalog,
  type ChunkTable,
  checkClauseLines,
  checkPlanLines,
  ClauseMap,
  chunkColumns,
  chunkTable,
  decodeChunkColumns,
  decodeClauseIndex,
  encodeChunkColumns,
  encodeClauseIndex,
  lazyPlans,
  type ReadRange,
  spotCheck,
} from "./records.ts";
import { VectorIndex } from "./vector.ts";

const FORMAT_VERSION = 8;

export const Manifest = z.object({
  formatVersion: z.number().int(),
  builtAt: z.string(),
  buildMs: z.number(),
  /**
   * The embedder the index was built with, and whether it has a vector index (vectors.hnsw + vectors.f32):
   * only a configured embedding model gets one; offline, retrieval is lexical and no vectors are built.
   */
  embedder: z.object({ id: z.string(), dimensions: z.number().int().positive().nullable(), vectors: z.boolean() }),
  corpus: z.record(z.string(), z.string()),
  counts: z.object({ plans: z.number(), clauses: z.number(), chunks: z.number() }),
  /** What else decides the index: the data tables (src/data/*) and the parser and chunker versions. */
  inputs: z.object({ tables: z.string(), parser: z.number().int(), chunker: z.number().int() }),
  /**
   * Size and CRC-32 of every index file, so a truncated or damaged file is found: files read at load are
   * checked in full there, the record files (read line by line on use) by size at load, line by line on use
   * and in full in the background (verifyIndexFiles).
   */
  files: z.record(z.string(), z.object({ bytes: z.number().int().nonnegative(), crc32: z.number().int().nonnegative() })),
});
export type Manifest = z.infer<typeof Manifest>;

/** Everything retrieval needs, loaded in memory. */
export interface PolicyIndex {
  manifest: Manifest;
  /** Metadata at hand; a loaded index parses a plan's text and structure on first use. */
  plans: Plan[];
  clauses: ReadonlyMap<string, Clause>;
  chunks: ChunkTable;
  tokenizer: Tokenizer;
  /** General-language IDF of words (how informative a word is outside this corpus). */
  generalIdf: Map<string, number>;
  bm25: Bm25Index;
  /** Present only when an embedding model is configured (and was reachable at build time). */
  vectors: VectorIndex | null;
  embedder: IndexEmbedder | null;
}

export type LogLevel = "info" | "warn" | "error";
/** Progress and problems of a build or load; problems with plan files come at warn or error. */
export type Log = (message: string, level?: LogLevel) => void;

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

const DATA_DIR_URL = new URL("../data/", import.meta.url);

/** One hash over the data tables (glossary, synonyms, units, terms…): editing any of them changes the index. */
export function tablesHash(dir: URL = DATA_DIR_URL): string {
  const hash = createHash("sha256");
  for (const name of readdirSync(dir).sort()) {
    hash
      .update(`${name}\0`)
      .update(readFileSync(new URL(name, dir)))
      .update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

function indexInputs(): Manifest["inputs"] {
  return { tables: tablesHash(), parser: PARSER_VERSION, chunker: CHUNKER_VERSION };
}

function readManifest(dir: string): { manifest: Manifest } | { problem: string } {
  const file = join(dir, "manifest.json");
  if (!existsSync(file)) return { problem: "no index built yet" };
  let json: unknown;
  try {
    json = readJson(file);
  } catch (err) {
    return { problem: `manifest.json unreadable (${(err as Error).message.split("\n")[0]})` };
  }
  const formatVersion = (json as { formatVersion?: unknown } | null)?.formatVersion;
  if (formatVersion !== FORMAT_VERSION) return { problem: "index format changed" };
  const parsed = Manifest.safeParse(json);
  return parsed.success ? { manifest: parsed.data } : { problem: "manifest.json is damaged" };
}

/** Why the persisted index cannot serve this corpus and configuration, or null when it can. Never throws. */
export function staleReason(config: Config): string | null {
  const read = readManifest(indexDir(config));
  if ("problem" in read) return read.problem;
  const manifest = { data: read.manifest };
  const inputs = indexInputs();
  if (manifest.data.inputs.tables !== inputs.tables) return "data tables changed (src/data)";
  if (manifest.data.inputs.parser !== inputs.parser || manifest.data.inputs.chunker !== inputs.chunker)
    return "parser or chunker version changed";
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

export interface BuildOptions {
  /** Stops the build between stages (shutdown during a build). */
  signal?: AbortSignal;
}

/** Parses the corpus, builds both indexes and persists them with a manifest. */
export async function buildIndex(config: Config, log: Log = () => {}, { signal }: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  signal?.throwIfAborted();
  const corpus = withinClauseLimit(await loadCorpus(config.corpusDir, { progress: progressLog((m) => log(m)) }));
  for (const e of corpus.errors) log(`plan file not indexed: ${e.message}`, "error");
  for (const w of corpus.warnings) log(`plan file warning: ${warningLine(w)}`, "warn");
  const { plans } = corpus;
  log(`parsed ${plans.length} plan(s): ${plans.map((p) => p.meta.id).join(", ") || "none"}`);

  signal?.throwIfAborted();
  const chunks = plans.flatMap((p) => chunkPlan(p));
  // Chunk texts are made as they are read and dropped after: no array of every text or token list is held.
  const texts = function* () {
    for (const chunk of chunks) yield indexedText(chunk);
  };
  // One jieba cut per chunk: its words and the text's bigrams go straight into the postings, and its words
  // into the corpus dictionary that serves the questions (which cuts corpus text into the same words).
  const indexing = corpusTokenizer(userTerms());
  const clauses = plans.flatMap(planClauses);
  const lexical = new Bm25Builder();
  // A lead-in repeats its section's words: searched, but not counted in the statistics the measures are ranked by.
  const leadIns = new Set(clauses.flatMap((c) => (c.leadIn ? [c.id] : [])));
  for (const chunk of chunks) lexical.add(indexing.tokens(indexedText(chunk)), { counted: !leadIns.has(chunk.citationId) });
  const bm25 = lexical.finish();
  log(`lexical index: ${chunks.length} chunks, ${bm25.data.terms.length} terms`);
  const dictionary = indexing.dictionary();
  const generalIdf = buildGeneralIdf(dictionary);
  const tokenizer = createTokenizer(dictionary);
  log(`corpus dictionary: ${dictionary.split("\n").length - 1} words`);

  signal?.throwIfAborted();
  const embedded = config.embeddings ? await embedAll(config, [...texts()], log) : null;
  signal?.throwIfAborted();
  const dimensions = embedded ? (embedded.vectors[0]?.length ?? 1) : null;
  const vectorIndex = embedded && dimensions ? VectorIndex.build(embedded.vectors, dimensions) : null;
  const embedder = embedded?.embedder ?? null;
  if (vectorIndex) log(`vector index: ${vectorIndex.size} vectors of ${dimensions} dimensions (${embedder!.id})`);
  else log("no vector index: no embedding model configured (lexical retrieval)");

  const clauseIds = clauses.map((c) => c.id);
  const columns = chunkColumns(plans, clauseIds, chunks);
  const manifest: Manifest = {
    formatVersion: FORMAT_VERSION,
    builtAt: new Date().toISOString(),
    buildMs: Math.round(performance.now() - started),
    embedder: { id: embedder?.id ?? OFFLINE_EMBEDDER_ID, dimensions, vectors: vectorIndex !== null },
    corpus: corpus.hashes,
    counts: { plans: plans.length, clauses: clauses.length, chunks: chunks.length },
    inputs: indexInputs(),
    files: {},
  };
  signal?.throwIfAborted();
  save(config, { manifest, plans, clauses, columns, bm25, dictionary, generalIdf, vectorIndex });
  const index: PolicyIndex = {
    manifest,
    plans,
    clauses: new Map(clauses.map((c) => [c.id, c])),
    chunks: chunkTable(
      plans.map((p) => p.meta),
      columns.planOf,
      columns.citationOf,
      clauseIds,
    ),
    tokenizer,
    generalIdf: parseGeneralIdf(generalIdf),
    bm25,
    vectors: vectorIndex,
    embedder,
  };
  return { index, corpus };
}

/** More citable units than any real plan has: such a file is a mis-parse or not a plan, and is not indexed. */
export const MAX_CLAUSES_PER_PLAN = 2000;

function withinClauseLimit(corpus: CorpusLoad): CorpusLoad {
  const errors = [...corpus.errors];
  const plans = corpus.plans.filter((p) => {
    const clauses = planClauses(p).length;
    if (clauses <= MAX_CLAUSES_PER_PLAN) return true;
    errors.push(
      new PlanParseError(p.meta.id, 1, `${clauses} clauses, over the limit of ${MAX_CLAUSES_PER_PLAN} for one plan; not indexed`),
    );
    return false;
  });
  return { ...corpus, plans, errors };
}

/** The configured embedding model's vectors of every chunk, or null offline (no model, or a dead server). */
async function embedAll(config: Config, texts: string[], log: Log): Promise<{ embedder: IndexEmbedder; vectors: number[][] } | null> {
  if (!config.embeddings) return null;
  const embedder = openAIEmbedder(config.embeddings);
  try {
    return { embedder, vectors: await embedder.embedDocuments(texts) };
  } catch (err) {
    // A dead embedding server must not stop the assistant: build offline (lexical retrieval only).
    log(`embedding server failed (${(err as Error).message}); using the offline embedder (no vectors)`, "warn");
    return null;
  }
}

interface Saved {
  manifest: Manifest;
  plans: Plan[];
  clauses: Clause[];
  columns: ReturnType<typeof chunkColumns>;
  bm25: Bm25Index;
  dictionary: string;
  generalIdf: string;
  vectorIndex: VectorIndex | null;
}

/**
 * Writes into a fresh folder and swaps it in, so a crash mid-write never leaves a half index; the manifest,
 * written last, records the size and checksum of every other file.
 */
function save(config: Config, s: Saved) {
  const dir = indexDir(config);
  const tmp = `${dir}.tmp-${process.pid}`;
  removeLeftoverBuilds(dir);
  mkdirSync(tmp, { recursive: true });
  const files: Manifest["files"] = {};
  const write = (name: string, content: Buffer | string) => {
    writeFileSync(join(tmp, name), content);
    files[name] = { bytes: Buffer.byteLength(content), crc32: crc32(content) };
  };
  // One line per plan and per clause, written and checksummed as it is serialized: never one string of the corpus.
  const lines = <T>(name: string, items: T[], each: (item: T, end: number, crc: number) => void) => {
    const fd = openSync(join(tmp, name), "w");
    let whole = 0;
    let at = 0;
    for (const item of items) {
      const line = Buffer.from(`${JSON.stringify(item)}\n`);
      writeSync(fd, line);
      whole = crc32(line, whole);
      each(item, (at += line.byteLength), crc32(line));
    }
    closeSync(fd);
    files[name] = { bytes: at, crc32: whole };
  };
  const catalog: Pick<Catalog, "plans"> = { plans: [] };
  lines("plans.ndjson", s.plans, (plan, end, crc) =>
    catalog.plans.push({ meta: plan.meta, start: catalog.plans.at(-1)?.end ?? 0, end, crc }),
  );
  const clauseEnds: number[] = [];
  const clauseCrcs: number[] = [];
  lines("clauses.ndjson", s.clauses, (_clause, end, crc) => {
    clauseEnds.push(end);
    clauseCrcs.push(crc);
  });
  write("catalog.json", JSON.stringify(catalog));
  write(
    "clauses.idx",
    encodeClauseIndex(
      s.clauses.map((c) => c.id),
      clauseEnds,
      clauseCrcs,
    ),
  );
  write("chunks.bin", encodeChunkColumns(s.columns.planOf, s.columns.citationOf));
  const bm25 = s.bm25.serialize();
  write("bm25.json", JSON.stringify(bm25.header));
  write("bm25.bin", bm25.body);
  write("dictionary.txt", s.dictionary);
  write("general-idf.txt", s.generalIdf);
  if (s.vectorIndex) {
    s.vectorIndex.save(join(tmp, "vectors.hnsw"));
    const hnsw = readFileSync(join(tmp, "vectors.hnsw"));
    files["vectors.hnsw"] = { bytes: hnsw.byteLength, crc32: crc32(hnsw) };
    const v = s.vectorIndex.vectors;
    write("vectors.f32", Buffer.from(v.buffer, v.byteOffset, v.byteLength));
  }
  s.manifest.files = files;
  writeFileSync(join(tmp, "manifest.json"), JSON.stringify(s.manifest, null, 2));
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}

/** Half-written folders of builds that were killed (by pid, so they are never reused). */
function removeLeftoverBuilds(dir: string) {
  const parent = dirname(dir);
  if (!existsSync(parent)) return;
  const prefix = `${basename(dir)}.tmp-`;
  for (const name of readdirSync(parent)) {
    if (name.startsWith(prefix)) rmSync(join(parent, name), { recursive: true, force: true });
  }
}

/** The manifest's entry for an index file and the file's descriptor, refused when it is missing or its size differs. */
function openChecked(dir: string, manifest: Manifest, name: string): { fd: number; bytes: number; crc32: number } {
  const expected = manifest.files[name];
  if (!expected) throw new IndexMismatchError(`${name} is not in the manifest`);
  const path = join(dir, name);
  if (!existsSync(path)) throw new IndexMismatchError(`${name} is missing`);
  const fd = openSync(path, "r");
  const size = fstatSync(fd).size;
  if (size !== expected.bytes) {
    closeSync(fd);
    throw new IndexMismatchError(`${name} has ${size} bytes, the manifest says ${expected.bytes}`);
  }
  return { fd, ...expected };
}

/**
 * An index file's bytes, refused when its size or checksum differs from what the manifest recorded. Read
 * into a buffer of its own (not Node's shared pool), so typed arrays can view it without a copy.
 */
function readVerified(dir: string, manifest: Manifest, name: string): Buffer {
  const { fd, bytes: size, crc32: expected } = openChecked(dir, manifest, name);
  const content = Buffer.from(new ArrayBuffer(size));
  try {
    for (let read = 0; read < size; ) {
      const n = readSync(fd, content, read, size - read, read);
      if (n === 0) throw new IndexMismatchError(`${name} ended after ${read} of ${size} bytes`);
      read += n;
    }
  } finally {
    closeSync(fd);
  }
  if (crc32(content) !== expected) throw new IndexMismatchError(`${name} does not match its checksum`);
  return content;
}

/**
 * Files read piece by piece on first use, each piece checked against its own CRC-32 (a record's line, a
 * term's postings), kept open while their index is alive; the load checks only their sizes.
 */
const RECORD_FILES = ["bm25.bin", "plans.ndjson", "clauses.ndjson"];
const openRecordFiles = new FinalizationRegistry<number>((fd) => closeSync(fd));

/** Positioned reads of a file whose size checked out; the descriptor closes when the reader is collected. */
function recordReader(dir: string, manifest: Manifest, name: string): ReadRange {
  const { fd } = openChecked(dir, manifest, name);
  const read: ReadRange = (start, end) => {
    const out = Buffer.alloc(end - start);
    let at = 0;
    while (at < out.byteLength) {
      const n = readSync(fd, out, at, out.byteLength - at, start + at);
      if (n === 0) break;
      at += n;
    }
    return out.subarray(0, at);
  };
  openRecordFiles.register(read, fd);
  return read;
}

/**
 * Checks the files of a loaded index that loadIndex did not read in full (the record files) against the
 * CRC-32s of the manifest, reading them in the background. Resolves with what is wrong, or null; a
 * caller serving the index rebuilds on a problem (watchCorpus does). Every line is also checked when used,
 * so a damaged record is refused, never served, even before this finishes.
 */
export async function verifyIndexFiles(config: Pick<Config, "dataDir">, manifest: Manifest): Promise<string | null> {
  const dir = indexDir(config);
  for (const name of RECORD_FILES) {
    const expected = manifest.files[name];
    if (!expected) return `${name} is not in the manifest`;
    let crc = 0;
    let bytes = 0;
    try {
      for await (const chunk of createReadStream(join(dir, name), { highWaterMark: 1 << 20 })) {
        crc = crc32(chunk as Buffer, crc);
        bytes += (chunk as Buffer).byteLength;
      }
    } catch (err) {
      return `${name} unreadable (${(err as Error).message})`;
    }
    if (bytes !== expected.bytes) return `${name} has ${bytes} bytes, the manifest says ${expected.bytes}`;
    if (crc !== expected.crc32) return `${name} does not match its checksum`;
  }
  return null;
}

function parseJson(name: string, content: Buffer): unknown {
  try {
    return JSON.parse(content.toString("utf8"));
  } catch (err) {
    throw new IndexMismatchError(`${name} is not valid JSON (${(err as Error).message.split("\n")[0]})`);
  }
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8"));
}

/**
 * Loads a persisted index; the embedder it was built with must be the one configured. Every file must
 * have the size the manifest recorded, and every file read here (chunk table, catalogs, dictionary, the
 * postings' head) its CRC-32 (a truncated or damaged file throws IndexMismatchError, and ensureIndex
 * rebuilds); the bulk (a term's postings in bm25.bin, a plan's or a clause's line: nearly every byte) is
 * read on first use, each piece checked against its own CRC-32, and in full by verifyIndexFiles in the
 * background.
 * The manifest and headers are validated with zod, the bulk files get structural checks (counts must
 * agree) instead of a per-element parse that would cost seconds on a large corpus.
 */
export function loadIndex(config: Config): PolicyIndex {
  const dir = indexDir(config);
  const read = readManifest(dir);
  if ("problem" in read) throw new IndexMismatchError(read.problem);
  const { manifest } = read;
  const file = (name: string) => readVerified(dir, manifest, name);
  const json = (name: string) => parseJson(name, file(name));
  const planCatalog = json("catalog.json") as Pick<Catalog, "plans">;
  if (!Array.isArray(planCatalog?.plans) || planCatalog.plans.length !== manifest.counts.plans)
    throw new IndexMismatchError("catalog.json does not match the manifest");
  const catalog: Catalog = { ...planCatalog, ...decodeClauseIndex(file("clauses.idx"), manifest.counts.clauses) };
  checkPlanLines(catalog, manifest.files["plans.ndjson"]?.bytes ?? -1);
  checkClauseLines(catalog, manifest.files["clauses.ndjson"]?.bytes ?? -1);
  const plans = lazyPlans(catalog, recordReader(dir, manifest, "plans.ndjson"));
  spotCheck(plans);
  const metas = plans.map((p) => p.meta);
  const { planOf, citationOf } = decodeChunkColumns(file("chunks.bin"), manifest.counts.chunks, catalog);
  const chunks = chunkTable(metas, planOf, citationOf, catalog.clauseIds);
  const clauses = new ClauseMap(catalog.clauseIds, catalog.clauseEnds, catalog.clauseCrcs, recordReader(dir, manifest, "clauses.ndjson"));
  // Spot-check one clause with its schema: a format drift shows up here rather than inside a request.
  if (clauses.size && !Clause.safeParse(clauses.values().next().value).success)
    throw new IndexMismatchError("clauses.ndjson: the first clause does not match the clause schema");
  const bm25 = Bm25Index.open(json("bm25.json"), recordReader(dir, manifest, "bm25.bin"), manifest.files["bm25.bin"]?.bytes ?? -1);
  const tokenizer = createTokenizer(file("dictionary.txt").toString("utf8"));
  if (bm25.size !== chunks.length) throw new IndexMismatchError(`index is inconsistent: ${chunks.length} chunks, ${bm25.size} lexical`);
  const { embedder, vectors } = loadVectors(config, manifest, dir, file, chunks.length);
  const generalIdf = parseGeneralIdf(file("general-idf.txt").toString("utf8"));
  return { manifest, plans, clauses, chunks, tokenizer, generalIdf, bm25, vectors, embedder };
}

function toFloat32(buf: Buffer): Float32Array {
  const out = new Float32Array(buf.byteLength / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

/** The vector index and its embedder when the index has one; it must be the embedding model configured. */
function loadVectors(
  config: Config,
  manifest: Manifest,
  dir: string,
  file: (name: string) => Buffer,
  chunkCount: number,
): { embedder: IndexEmbedder | null; vectors: VectorIndex | null } {
  const { id, dimensions, vectors: hasVectors } = manifest.embedder;
  // An index built offline (no model, or the model's server was down) serves lexically whatever is configured.
  if (!hasVectors) return { embedder: null, vectors: null };
  if (!config.embeddings || id !== configuredEmbedderId(config))
    throw new IndexMismatchError(`index was built with ${id}, which is not configured`);
  if (!dimensions) throw new IndexMismatchError("manifest.json records vectors without dimensions");
  file("vectors.hnsw");
  const vectors = VectorIndex.load(join(dir, "vectors.hnsw"), toFloat32(file("vectors.f32")), dimensions);
  if (vectors.size !== chunkCount || vectors.vectors.length !== chunkCount * dimensions) {
    throw new IndexMismatchError(`index is inconsistent: ${chunkCount} chunks, ${vectors.size} vectors`);
  }
  return { embedder: openAIEmbedder(config.embeddings), vectors };
}

export interface EnsureOptions extends BuildOptions {
  /**
   * Builds and persists the index somewhere else (the server uses a child process, so it keeps answering
   * /readyz and signals during a build); the result is then loaded and verified like any persisted index.
   */
  build?: (config: Config, log: Log, signal?: AbortSignal) => Promise<void>;
}

/**
 * Loads the index when it matches the corpus and embedder and every file checks out, and rebuilds it
 * otherwise, saying why: a missing, truncated or damaged index is never fatal and never served.
 */
export async function ensureIndex(config: Config, log: Log = () => {}, options: EnsureOptions = {}): Promise<PolicyIndex> {
  const reason = staleReason(config);
  if (reason === null) {
    try {
      return loadIndex(config);
    } catch (err) {
      log(`building index: the index is unreadable (${(err as Error).message})`, "warn");
    }
  } else log(`building index: ${reason}`);
  if (!options.build) return (await buildIndex(config, log, { signal: options.signal })).index;
  await options.build(config, log, options.signal);
  options.signal?.throwIfAborted();
  return loadIndex(config);
}
