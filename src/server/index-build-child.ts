import type { Config } from "../config.ts";
import { buildIndex } from "../index/store.ts";
import type { BuildMessage } from "./index-build.ts";

/** The process buildInChildProcess starts: builds the index for the config it is sent, reports over IPC, exits. */
const send = (m: BuildMessage) => new Promise<void>((resolve) => process.send!(m, () => resolve()));

// Orphaned (the server died): stop building.
process.on("disconnect", () => process.exit(1));
process.once("message", async ({ config }: { config: Config }) => {
  try {
    await buildIndex(config, (message, level = "info") => void send({ type: "log", message, level }));
    await send({ type: "done" });
    process.exit(0);
  } catch (err) {
    await send({ type: "failed", message: (err as Error).message });
    process.exit(1);
  }
});
