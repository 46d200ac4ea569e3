import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { Express } from "express";
import { afterAll, beforeAll } from "vitest";
import { createAssistant, type Assistant } from "../../src/answer/assistant.ts";
import { buildIndex, type PolicyIndex } from "../../src/index/store.ts";
import { createApp, readyState } from "../../src/server/app.ts";
import { tempCorpus } from "../helpers.ts";

/** The fixture corpus (anting-2024, jiangwan-2023) indexed in a throwaway folder. */
export async function fixtureIndex(): Promise<{ index: PolicyIndex; cleanup: () => void }> {
  const t = tempCorpus();
  try {
    const { index } = await buildIndex(t.config);
    return { index, cleanup: t.cleanup };
  } catch (err) {
    t.cleanup();
    throw err;
  }
}

/** The fixture index for one test file: built before its tests, removed after them; read it inside a test. */
export function useFixtureIndex(): () => PolicyIndex {
  let index: PolicyIndex | undefined;
  let cleanup = () => {};
  beforeAll(async () => {
    ({ index, cleanup } = await fixtureIndex());
  });
  afterAll(() => cleanup());
  return () => {
    if (!index) throw new Error("the fixture index is built in beforeAll: read it inside a test");
    return index;
  };
}

/** Serves an Express app on 127.0.0.1 at a free port; close() also drops open (streaming, keep-alive) connections. */
export async function listen(app: Express): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, "127.0.0.1", (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Every clause id an answer cites, checked against the index by the caller. */
export function citedIds(answer: { citations: { id: string }[] }): string[] {
  return answer.citations.map((c) => c.id);
}

export interface FixtureServer {
  index: PolicyIndex;
  assistant: Assistant;
  url: string;
  /** Stops the server and removes the fixture index. */
  close: () => Promise<void>;
}

/** The offline assistant over the fixture index, served over HTTP as `npm start` serves it (without the web pages). */
export async function fixtureServer(options: { widgetOrigins?: string[] } = {}): Promise<FixtureServer> {
  const { index, cleanup } = await fixtureIndex();
  const assistant = createAssistant(index);
  const app = createApp({ state: readyState(assistant), config: { widgetOrigins: options.widgetOrigins ?? [], rateLimitPerMinute: 1000 } });
  const served = await listen(app);
  return {
    index,
    assistant,
    url: served.url,
    close: async () => {
      await served.close();
      cleanup();
    },
  };
}
