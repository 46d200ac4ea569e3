import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type Config } from "../src/config.ts";

/** A throwaway copy of the fixture corpus with its own data folder. */
export function tempCorpus(env: Record<string, string> = {}): { config: Config; dir: string; corpusDir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "policy-test-"));
  const corpusDir = join(dir, "corpus");
  cpSync(new URL("./fixtures/corpus", import.meta.url), corpusDir, { recursive: true });
  const config = loadConfig({ CORPUS_DIR: corpusDir, DATA_DIR: join(dir, "data"), ...env });
  return { config, dir, corpusDir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
