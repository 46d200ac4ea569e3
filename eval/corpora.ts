import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { loadConfig } from "../src/config.ts";
import { ensureIndex, type PolicyIndex } from "../src/index/store.ts";
import type { EvalCorpus } from "./questions.ts";

/** The fixture plans of the ingestion tests: nine districts, every shape and file type the parser reads. */
export const FIXTURE_PLANS_DIR = "test/fixtures/plans";
const PLAN_FILE = new Set([".txt", ".md", ".html", ".pdf", ".docx"]);

/**
 * The index a question set is asked over. The seed corpus is the configured one; the fixture corpus is
 * a copy of the fixture plan files (without their expectations and generator) indexed in a data
 * directory of its own under the system's temporary directory, rebuilt when the plans or the code change.
 */
export async function indexForCorpus(corpus: EvalCorpus, log: (m: string) => void): Promise<PolicyIndex> {
  if (corpus === "seeds") return ensureIndex(loadConfig(), log);
  // One directory per checkout, so evals of two worktrees on one machine never share (or delete) a corpus.
  const checkout = createHash("sha256").update(process.cwd()).digest("hex").slice(0, 8);
  const root = join(tmpdir(), `policy-assistant-eval-${checkout}`);
  const corpusDir = join(root, "fixture-corpus");
  rmSync(corpusDir, { recursive: true, force: true });
  mkdirSync(corpusDir, { recursive: true });
  for (const f of readdirSync(FIXTURE_PLANS_DIR))
    if (PLAN_FILE.has(extname(f).toLowerCase()) && f !== "README.md") copyFileSync(join(FIXTURE_PLANS_DIR, f), join(corpusDir, f));
  return ensureIndex(loadConfig({ ...process.env, CORPUS_DIR: corpusDir, DATA_DIR: join(root, "fixture-data") }), log);
}
