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

interface Serialized {
  source: object;
  keys: string[];
  /** JSON.stringify(source) without its closing brace. */
  open: string;
}

/**
 * Serialized-once objects by their first field that is an object (an answer's citations): a copy spread
 * from one shares that very array, which finds the JSON, and sharesFields then checks every other field.
 */
const serializedBy = new WeakMap<object, Serialized>();

/**
 * Records `value`'s JSON: a cached answer is serialized once, and a copy spread from it (`{ ...cached,
 * answerId }`) is sent as that JSON plus the copy's own extra fields instead of serializing ~6 kB again per
 * request. `value` must not change afterwards (the cache deep-freezes it); a copy that differs is serialized afresh.
 */
export function serializedOnce<T extends object>(value: T): T {
  const anchor = firstObjectField(value as Record<string, unknown>);
  if (!anchor) return value;
  const json = JSON.stringify(value);
  serializedBy.set(anchor, { source: value, keys: Object.keys(value), open: json.slice(0, -1) });
  return value;
}

function firstObjectField(record: Record<string, unknown>): object | undefined {
  for (const key in record) {
    const v = record[key];
    if (typeof v === "object" && v !== null) return v;
  }
  return undefined;
}

/** JSON of frozen values (a cached answer's citations), made once per value. */
const frozenJson = new WeakMap<object, string>();

/**
 * JSON.stringify of a plain object, except that (a) a copy of a serializedOnce object whose fields are
 * still the very same values reuses that object's JSON and adds only the fields added after them, and
 * (b) a frozen object or array among its values is serialized once and reused. The output is the same as
 * JSON.stringify's.
 */
export function objectJson(body: object): string {
  if ("toJSON" in body) return JSON.stringify(body);
  const keys = Object.keys(body);
  const record = body as Record<string, unknown>;
  const anchor = firstObjectField(record);
  const serialized = anchor && serializedBy.get(anchor);
  let out = "{";
  let from = 0;
  if (serialized && serialized.source !== body && sharesFields(keys, record, serialized)) {
    out = serialized.open;
    from = serialized.keys.length;
  }
  for (let i = from; i < keys.length; i++) {
    const key = keys[i]!;
    const value = record[key];
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

/** The body starts with the serialized object's keys, in order, holding the identical values. */
function sharesFields(keys: string[], body: Record<string, unknown>, serialized: Serialized): boolean {
  const source = serialized.source as Record<string, unknown>;
  if (keys.length < serialized.keys.length) return false;
  for (let i = 0; i < serialized.keys.length; i++) {
    const key = serialized.keys[i]!;
    if (keys[i] !== key || body[key] !== source[key]) return false;
  }
  return true;
}
