import { loadConfig } from "../config.ts";
import { buildIndex } from "../index/store.ts";
import { ingestReport } from "../ingest/report.ts";
import { countMeasures } from "../plan/clauses.ts";
import { runCli } from "./run.ts";

/** `npm run ingest`: parse the corpus and build the persisted index, printing progress and a report per plan. */
await runCli("usage: npm run ingest   (reads corpus/, writes the index under DATA_DIR, default data/)", { options: {} }, async () => {
  const config = loadConfig();
  const started = performance.now();
  const { index, corpus } = await buildIndex(config, (m) => console.log(m));
  const measures = countMeasures(index.plans);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(`\n${ingestReport(corpus)}\n`);
  console.log(
    `done: ${index.manifest.counts.plans} plans, ${measures} measures, ${index.manifest.counts.clauses} citable units, ${index.manifest.counts.chunks} chunks in ${seconds} s → ${config.dataDir}/index`,
  );
  if (corpus.errors.length) {
    console.error(`${corpus.errors.length} file(s) could not be read and were not indexed; the other plans were.`);
    process.exitCode = 1;
  }
});
