import type { Response } from "express";

/**
 * A JSON body: what res.json sends, without the weak ETag Express hashes for every body (a POST's answer
 * is never revalidated, and hashing ~6 kB per answer was measurable under load). Sent as its UTF-8 bytes,
 * so a cached answer's bytes are encoded once (see objectJsonBytes), not measured, flattened and encoded
 * again per request.
 */
export function sendJson(res: Response, body: unknown): void {
  const bytes =
    typeof body === "object" && body !== null && !Array.isArray(body) ? objectJsonBytes(body) : Buffer.from(JSON.stringify(body));
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", bytes.length);
  res.end(bytes);
}

interface Serialized {
  source: object;
  keys: string[];
  /** JSON.stringify(source) without its closing brace. */
  open: string;
  /** `open` as UTF-8, made on first use. */
  openBytes?: Buffer;
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
  const { head, tail } = objectParts(body);
  return head ? head.open + tail : tail;
}

/** objectJson's UTF-8 bytes; a serialized-once object's part is encoded once and copied. */
export function objectJsonBytes(body: object): Buffer {
  const { head, tail } = objectParts(body);
  if (!head) return Buffer.from(tail);
  head.openBytes ??= Buffer.from(head.open);
  const open = head.openBytes;
  const out = Buffer.allocUnsafe(open.length + Buffer.byteLength(tail));
  open.copy(out);
  out.write(tail, open.length);
  return out;
}

/** The JSON as the serialized-once object it starts with (if any) and what follows that object's JSON. */
function objectParts(body: object): { head: Serialized | null; tail: string } {
  if ("toJSON" in body) return { head: null, tail: JSON.stringify(body) };
  const keys = Object.keys(body);
  const record = body as Record<string, unknown>;
  const anchor = firstObjectField(record);
  const serialized = anchor && serializedBy.get(anchor);
  const head = serialized && serialized.source !== body && sharesFields(keys, record, serialized) ? serialized : null;
  let out = head ? "" : "{";
  let written = head ? head.open.length > 1 : false;
  for (let i = head ? head.keys.length : 0; i < keys.length; i++) {
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
    out += `${written ? "," : ""}${JSON.stringify(key)}:${json}`;
    written = true;
  }
  return { head, tail: `${out}}` };
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
