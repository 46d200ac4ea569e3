import { pino } from "pino";
import { createAssistant } from "../answer/assistant.ts";
import { createLlmAnswerer } from "../answer/llm.ts";
import { type Config, loadConfig } from "../config.ts";
import { ensureIndex } from "../index/store.ts";
import { watchCorpus } from "../ingest/watch.ts";
import { createApp, readyState } from "./app.ts";
import { webRoutes } from "../web/routes.ts";

/** `npm start`: serve at once, build or load the index, then report ready. */
let config: Config;
try {
  config = loadConfig();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
const logger = pino({ level: config.logLevel });
const state = readyState();
const app = createApp({ state, config, logger, extraRoutes: [webRoutes()] });
const server = app.listen(config.port, config.host ?? "0.0.0.0", () => {
  logger.info(`policy assistant listening on http://${config.host ?? "localhost"}:${config.port}`);
});
server.on("error", (err) => {
  logger.fatal({ err }, "cannot listen");
  process.exit(1);
});

try {
  const index = await ensureIndex(config, (m) => logger.info(m));
  const llm = config.chat ? createLlmAnswerer(config.chat) : null;
  const assistantFor = (i: typeof index) =>
    createAssistant(i, { llm, onLlmError: (err) => logger.warn({ err: (err as Error).message }, "LLM failed; answered offline") });
  state.set(assistantFor(index));
  // A changed corpus/ is rebuilt in the background and swapped in; the old index serves until then.
  watchCorpus({
    config,
    current: index,
    log: { info: (m) => logger.info(m), error: (m) => logger.error(m) },
    onIndex: (next) => state.set(assistantFor(next)),
  });
  logger.info(
    `ready: ${index.manifest.counts.plans} plans, ${index.manifest.counts.chunks} chunks, ${llm ? `LLM ${llm.model}` : "offline answers"}`,
  );
} catch (err) {
  logger.fatal({ err }, "cannot load the index");
  process.exit(1);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    logger.info(`${signal}: shutting down`);
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
