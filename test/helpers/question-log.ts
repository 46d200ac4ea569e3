import { createAssistant } from "../../src/answer/assistant.ts";
import { loadConfig } from "../../src/config.ts";
import type { PolicyIndex } from "../../src/index/store.ts";
import { createApp, readyState } from "../../src/server/app.ts";
import { createMetrics, type Metrics, metricsRoutes } from "../../src/server/metrics.ts";
import { openQuestionLogService, type QuestionLogService } from "../../src/server/question-log.ts";
import { listen } from "./fixture.ts";

export const ADMIN_TOKEN = "test-admin-token-0123456789";

export interface LogServer {
  url: string;
  service: QuestionLogService;
  metrics: Metrics;
  close: () => Promise<void>;
}

/** The fixture index served with the question log as `npm start` composes it (PGlite in memory unless a URL is given). */
export async function questionLogServer(index: PolicyIndex, env: Record<string, string> = {}): Promise<LogServer> {
  const config = loadConfig({ ADMIN_TOKEN, CURATED_REFRESH_MS: "200", ...env });
  const metrics = createMetrics();
  const logger = process.env.TEST_LOG ? (await import("pino")).pino({ level: "debug" }) : undefined;
  const service = openQuestionLogService(config, { metrics, logger, inMemory: !config.databaseUrl });
  const state = readyState(service.wrap(createAssistant(index)));
  const app = createApp({
    state,
    config: { widgetOrigins: [], rateLimitPerMinute: config.rateLimitPerMinute },
    metrics,
    rateLimiterFactory: service.rateLimiterFactory,
    extraRoutes: [...service.routes(state), metricsRoutes(metrics, config.metricsToken)],
  });
  const served = await listen(app);
  // Tests pause for seconds (a second PGlite starting); an idle keep-alive connection closed by the server just
  // as the client reuses it would be an ECONNRESET that says nothing about the code under test.
  served.server.keepAliveTimeout = 60_000;
  return {
    url: served.url,
    service,
    metrics,
    close: async () => {
      await served.close();
      await service.close();
    },
  };
}

export const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

/** Every text value in every table of the public schema, to look for personal data. */
export async function allStoredText(service: QuestionLogService): Promise<string> {
  const { sql } = await import("kysely");
  const { rows: tables } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(
    service.database.db,
  );
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table_name)}`.execute(service.database.db);
    parts.push(JSON.stringify(rows));
  }
  return parts.join("\n");
}
