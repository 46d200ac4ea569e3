import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import type { Response } from "express";
import { describe, expect, it } from "vitest";
import { abortOnClose, closedEarly } from "../../src/server/sse.ts";

/** One request to a server whose handler records what abortOnClose and closedEarly say once the response has closed. */
async function outcome(handle: "finish" | "hang"): Promise<{ aborted: boolean; gone: boolean }> {
  let settle!: (r: { aborted: boolean; gone: boolean }) => void;
  const seen = new Promise<{ aborted: boolean; gone: boolean }>((r) => (settle = r));
  const server = createServer((_req, res) => {
    const signal = abortOnClose(res as unknown as Response);
    const gone = closedEarly(res as unknown as Response);
    res.once("close", () => setImmediate(() => settle({ aborted: signal.aborted, gone: gone() })));
    if (handle === "finish") res.end("ok");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const req = request({ port, host: "127.0.0.1", path: "/" }, (res) => res.resume());
  req.on("error", () => {});
  req.end();
  if (handle === "hang") setTimeout(() => req.destroy(), 50);
  try {
    return await seen;
  } finally {
    server.close();
    server.closeAllConnections();
  }
}

describe("a response's early close", () => {
  it("is reported when the client goes away before the response ends, and not after a finished response", async () => {
    expect(await outcome("hang")).toEqual({ aborted: true, gone: true });
    expect(await outcome("finish")).toEqual({ aborted: false, gone: false });
  });
});
