import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildIndex, ensureIndex, indexDir, loadIndex, staleReason } from "../../src/index/store.ts";
import { loadConfig } from "../../src/config.ts";
import { searchClauses } from "../../src/retrieve/hybrid.ts";
import { tempCorpus } from "../helpers.ts";
import { startOpenAIStub, type OpenAIStub, type StubReply } from "../helpers/openai-stub.ts";

const DIMS = 8;

/** A deterministic stand-in embedding: character counts folded into 8 buckets. */
function embed(text: string): number[] {
  const v = new Array<number>(DIMS).fill(0);
  for (const ch of text) v[ch.codePointAt(0)! % DIMS]! += 1;
  return v;
}

/** Answers /v1/embeddings as OpenAI does, in floats or base64 as the client asks. */
function embeddingsReply(body: Record<string, unknown>): StubReply {
  const inputs = (Array.isArray(body.input) ? body.input : [body.input]) as string[];
  const data = inputs.map((text, index) => {
    const vector = embed(text);
    const embedding = body.encoding_format === "base64" ? Buffer.from(Float32Array.from(vector).buffer).toString("base64") : vector;
    return { object: "embedding", index, embedding };
  });
  return { kind: "json", body: { object: "list", data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } } };
}

describe("OpenAI-compatible embeddings (EMBEDDING_MODEL set)", () => {
  let stub: OpenAIStub;
  let cleanup = () => {};
  beforeAll(async () => {
    stub = await startOpenAIStub();
  });
  afterAll(() => stub.close());
  afterEach(() => cleanup());

  const withServer = (dataDir: string, corpusDir: string, baseURL = stub.baseURL) =>
    loadConfig({
      CORPUS_DIR: corpusDir,
      DATA_DIR: dataDir,
      OPENAI_BASE_URL: baseURL,
      EMBEDDING_MODEL: "stub-embed",
      LLM_TIMEOUT_MS: "500",
    });

  it("builds the vector index with the server, records it in the manifest, and queries with it", async () => {
    stub.reply((req) => (req.url.endsWith("/embeddings") ? embeddingsReply(req.body) : { kind: "json", status: 404, body: {} }));
    const t = tempCorpus();
    cleanup = t.cleanup;
    const config = withServer(t.config.dataDir, t.config.corpusDir);
    const before = stub.requests.length;
    const { index } = await buildIndex(config);
    expect(index.manifest.embedder).toEqual({ id: "openai:stub-embed", dimensions: DIMS, vectors: true });
    expect(Object.keys(index.manifest.files)).toEqual(expect.arrayContaining(["vectors.hnsw", "vectors.f32"]));
    expect(stub.requests.length).toBeGreaterThan(before);
    expect(stub.requests.at(-1)!.body.model).toBe("stub-embed");

    const loaded = loadIndex(config);
    const asked = stub.requests.length;
    const hits = await searchClauses(loaded, "电子印章", { k: 3 });
    expect(hits[0]!.vector).not.toBeNull();
    expect(stub.requests.length).toBe(asked + 1);
    expect(staleReason(config)).toBeNull();
    // The offline configuration must not reuse vectors from another embedder.
    expect(staleReason(t.config)).toMatch(/embedder changed \(openai:stub-embed → offline-lexical\)/);
  });

  it.each([
    ["a truncated vector file", (dir: string) => truncateSync(join(dir, "vectors.f32"), 12), /vectors\.f32 has 12 bytes/],
    ["a damaged HNSW graph", (dir: string) => writeFileSync(join(dir, "vectors.hnsw"), "x"), /vectors\.hnsw/],
    ["a missing vector file", (dir: string) => unlinkSync(join(dir, "vectors.hnsw")), /vectors\.hnsw is missing/],
  ])("rebuilds the vector index after %s", async (_what, damage, reason) => {
    stub.reply((req) => (req.url.endsWith("/embeddings") ? embeddingsReply(req.body) : { kind: "json", status: 404, body: {} }));
    const t = tempCorpus();
    cleanup = t.cleanup;
    const config = withServer(t.config.dataDir, t.config.corpusDir);
    await buildIndex(config);
    damage(indexDir(config));
    expect(() => loadIndex(config)).toThrow(reason);
    const logs: string[] = [];
    const index = await ensureIndex(config, (m) => logs.push(m));
    expect(logs[0]).toMatch(reason);
    expect(index.vectors!.size).toBe(index.manifest.counts.chunks);
    expect(() => loadIndex(config)).not.toThrow();
  });

  it("answers from the lexical index alone when the server fails at query time", async () => {
    stub.reply((req) => (req.url.endsWith("/embeddings") ? embeddingsReply(req.body) : { kind: "json", status: 404, body: {} }));
    const t = tempCorpus();
    cleanup = t.cleanup;
    const config = withServer(t.config.dataDir, t.config.corpusDir);
    const { index } = await buildIndex(config);
    stub.reply(() => ({ kind: "json", status: 500, body: { error: { message: "down" } } }));
    const hits = await searchClauses(index, "电子印章公共服务平台", { k: 3 });
    expect(hits[0]!.id).toBe("anting-2024:2");
    expect(hits.every((h) => h.vector === null)).toBe(true);
  });

  it("builds with the offline embedder when the server is down, and says so", async () => {
    const t = tempCorpus();
    cleanup = t.cleanup;
    const logs: string[] = [];
    const index = await ensureIndex(withServer(t.config.dataDir, t.config.corpusDir, "http://127.0.0.1:9/v1"), (m) => logs.push(m));
    expect(index.manifest.embedder).toEqual({ id: "offline-lexical", dimensions: null, vectors: false });
    expect(logs.join("\n")).toMatch(/embedding server failed .*using the offline embedder/);
  });
});
