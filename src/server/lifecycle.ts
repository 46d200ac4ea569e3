import { createServer, type Server, type ServerResponse } from "node:http";
import type { Express } from "express";
import type { Config } from "../config.ts";

export type ListenOptions = Pick<Config, "port" | "host" | "headersTimeoutMs" | "requestTimeoutMs">;

/**
 * An HTTP server for the app that opens its port at once and holds no stalled client for long: headers
 * and the whole request must arrive within a few seconds (checked every second, not Node's default 30 s).
 */
export function listen(app: Express, options: ListenOptions): Promise<Server> {
  const server = createServer(
    {
      headersTimeout: options.headersTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, options.headersTimeoutMs),
    },
    app,
  );
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "0.0.0.0", () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

export type DrainResult = "drained" | "forced";

/**
 * Graceful stop for a server: once draining, the port is closed, idle keep-alive connections are closed,
 * every response still to start says `Connection: close`, and in-flight answers and streams may finish;
 * whatever is still open after the timeout is cut ("forced").
 */
export function drainable(server: Server) {
  const active = new Set<ServerResponse>();
  let draining = false;
  // First, before the app writes anything.
  server.prependListener("request", (_req, res: ServerResponse) => {
    if (draining) res.setHeader("Connection", "close");
    active.add(res);
    // on, not once: a response closes once.
    res.on("close", () => active.delete(res));
  });
  return {
    get inFlight() {
      return active.size;
    },
    async drain(timeoutMs: number): Promise<DrainResult> {
      draining = true;
      for (const res of active) if (!res.headersSent) res.setHeader("Connection", "close");
      const closed = new Promise<DrainResult>((resolve) => server.close(() => resolve("drained")));
      server.closeIdleConnections();
      // A connection becomes idle when its last response ends; close it then rather than at its keep-alive timeout.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<DrainResult>((resolve) => {
        timer = setTimeout(() => resolve("forced"), timeoutMs);
      });
      const result = await Promise.race([closed, timeout]);
      clearInterval(sweep);
      clearTimeout(timer);
      if (result === "forced") server.closeAllConnections();
      return result;
    },
  };
}
