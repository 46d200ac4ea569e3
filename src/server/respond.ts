import type { Response } from "express";

/**
 * A JSON answer body: what res.json sends, without the weak ETag Express hashes for every body (a POST's
 * answer is never revalidated, and hashing ~6 kB per answer was measurable under load).
 */
export function sendJson(res: Response, body: unknown): void {
  const json = JSON.stringify(body);
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(json));
  res.end(json);
}
