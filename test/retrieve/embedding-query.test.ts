import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { buildIndex, type PolicyIndex } from "../../src/index/store.ts";
import { retrieve } from "../../src/retrieve/pipeline.ts";
import { understand } from "../../src/understand/understand.ts";
import { tempCorpus } from "../helpers.ts";
import { type OpenAIStub, startOpenAIStub } from "../helpers/openai-stub.ts";

/** A deterministic stand-in embedding: character counts folded into 8 buckets. */
function embed(text: string): number[] {
  const v = new Array<number>(8).fill(0);
  for (const ch of text) v[ch.codePointAt(0)! % 8]! += 1;
  return v;
}

let stub: OpenAIStub;
let index: PolicyIndex;
let cleanup = () => {};

beforeAll(async () => {
  stub = await startOpenAIStub();
  stub.reply((req) => {
    const inputs = (Array.isArray(req.body.input) ? req.body.input : [req.body.input]) as string[];
    const data = inputs.map((text, i) => ({ object: "embedding", index: i, embedding: embed(text) }));
    return { kind: "json", body: { object: "list", data, model: req.body.model, usage: { prompt_tokens: 1, total_tokens: 1 } } };
  });
  const t = tempCorpus();
  cleanup = t.cleanup;
  const config = loadConfig({
    CORPUS_DIR: t.config.corpusDir,
    DATA_DIR: t.config.dataDir,
    OPENAI_BASE_URL: stub.baseURL,
    EMBEDDING_MODEL: "stub-embed",
  });
  index = (await buildIndex(config)).index;
});
afterAll(async () => {
  cleanup();
  await stub.close();
});

describe("with EMBEDDING_MODEL set", () => {
  it("embeds the question as asked (English included), not only the glossary's Chinese, and fuses the vectors", async () => {
    const question = "Who handles electronic seals?";
    const before = stub.requests.length;
    const hits = await retrieve(
      index,
      understand(
        question,
        [],
        index.plans.map((p) => p.meta),
      ),
      3,
    );
    const sent = stub.requests.slice(before).map((r) => JSON.stringify(r.body.input));
    expect(sent.some((s) => s.includes(question))).toBe(true);
    expect(hits.some((h) => h.vector !== null)).toBe(true);
  });
});
