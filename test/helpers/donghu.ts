import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AskInput, createAssistant } from "../../src/answer/assistant.ts";
import { Answer } from "../../src/answer/schema.ts";
import { loadConfig } from "../../src/config.ts";
import { buildIndex } from "../../src/index/store.ts";

/**
 * An offline assistant over the 东湖区 fixture plan (test/fixtures/plans/donghu-2024.txt), alone or beside
 * the small fixture corpus (安亭区, 江湾区), built in a temporary directory that `cleanup` removes.
 */
export async function donghuAssistant({ withFixtureCorpus = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "donghu-"));
  const corpus = join(dir, "corpus");
  if (withFixtureCorpus) cpSync(new URL("../fixtures/corpus", import.meta.url), corpus, { recursive: true });
  else mkdirSync(corpus);
  cpSync(new URL("../fixtures/plans/donghu-2024.txt", import.meta.url), join(corpus, "donghu-2024.txt"));
  writeFileSync(join(corpus, "donghu-2024.meta.json"), JSON.stringify({ district: "东湖区", districtEn: "Donghu District" }));
  const { index } = await buildIndex(loadConfig({ CORPUS_DIR: corpus, DATA_DIR: join(dir, "data") }));
  const assistant = createAssistant(index);
  return {
    ask: async (message: string, extra: Omit<AskInput, "message"> = {}) => Answer.parse(await assistant.ask({ message, ...extra })),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
