import { type Config, loadConfig, loadDotEnv } from "../config.ts";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "../db/open.ts";

/**
 * `npm start`'s entry: reads the settings, starts the embedded database in its own thread (unless
 * DATABASE_URL names a server), and only then imports the rest of the server (src/server/serve.ts):
 * loading those modules is a good part of a start, and PGlite's start-up runs beside it instead of after.
 */
let config: Config;
let embedded: EmbeddedDatabase | null = null;
try {
  loadDotEnv();
  config = loadConfig();
  if (!config.databaseUrl) embedded = startEmbeddedDatabase(config.dataDir);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
const { serve } = await import("./serve.ts");
await serve(config, embedded);
