import type { Response } from "express";

/**
 * A JSON body: what res.json sends, without the weak ETag Express hashes for every body (a POST's answer
 * is never revalidated, and hashing ~6 kB per answer was measurable under load).
 */
export function sendJson(res: Response, body: unknown): void {
  const json = typeof body === "object" && body !== null && !Array.isArray(body) ? objectJson(body) : JSON.stringify(body);
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(json));
  res.end(json);
}

/** JSON of frozen values (a cached answer's citations), made once per value. */
const frozenJson = new WeakMap<object, string>();

/**
 * JSON.stringify of a plain object, except that a frozen object or array among its values is serialized
 * once and reused: a cached answer is sent with a new answerId each time, but its citations (most of
 * its bytes) never change. The output is the same as JSON.stringify's.
 */
export function objectJson(body: object): string {
  if ("toJSON" in body) return JSON.stringify(body);
  let out = "{";
  for (const key of Object.keys(body)) {
    const value = (body as Record<string, unknown>)[key];
    let json: string | undefined;
    if (typeof value === "object" && value !== null && Object.isFrozen(value)) {
      json = frozenJson.get(value);
      if (json === undefined) {
        json = JSON.stringify(value);
        frozenJson.set(value, json);
      }
    } else {
      json = JSON.stringify(value);
    }
    // JSON.stringify leaves out undefined, functions and symbols.
    if (json === undefined) continue;
    out += `${out.length > 1 ? "," : ""}${JSON.stringify(key)}:${json}`;
  }
  return `${out}}`;
}
