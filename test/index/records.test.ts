import { crc32 } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IndexMismatchError } from "../../src/errors.ts";
import {
  type Catalog,
  ClauseMap,
  checkClauseLines,
  checkPlanLines,
  chunkColumns,
  decodeChunkColumns,
  decodeClauseIndex,
  encodeChunkColumns,
  encodeClauseIndex,
  lazyPlans,
} from "../../src/index/records.ts";
import { buildIndex, loadIndex, type PolicyIndex } from "../../src/index/store.ts";
import { planClauses } from "../../src/plan/clauses.ts";
import type { Plan } from "../../src/plan/schema.ts";
import { tempCorpus } from "../helpers.ts";

let built: PolicyIndex;
let loaded: PolicyIndex;
let cleanup = () => {};
beforeAll(async () => {
  const t = tempCorpus();
  cleanup = t.cleanup;
  built = (await buildIndex(t.config)).index;
  loaded = loadIndex(t.config);
});
afterAll(() => cleanup());

/** A catalog and plans.ndjson bytes for the given plans, as the build writes them. */
function persisted(plans: Plan[]): { catalog: Catalog; body: Uint8Array } {
  const lines = plans.map((p) => Buffer.from(`${JSON.stringify(p)}\n`));
  let at = 0;
  const catalog: Catalog = {
    plans: plans.map((p, i) => ({ meta: p.meta, start: at, end: (at += lines[i]!.byteLength), crc: crc32(lines[i]!) })),
    clauseIds: [],
    clauseEnds: [],
    clauseCrcs: [],
  };
  return { catalog, body: Buffer.concat(lines) };
}

describe("index records", () => {
  it("serves the same plans and clauses, in the same order, as the index that was built", () => {
    expect(loaded.plans.map((p) => p.meta)).toEqual(built.plans.map((p) => p.meta));
    expect(loaded.plans.map((p) => p.parts)).toEqual(built.plans.map((p) => p.parts));
    expect([...loaded.clauses.keys()]).toEqual([...built.clauses.keys()]);
    expect([...loaded.clauses.values()]).toEqual([...built.clauses.values()]);
    expect(loaded.clauses.size).toBe(built.clauses.size);
    const id = [...built.clauses.keys()][3]!;
    expect(loaded.clauses.get(id)).toEqual(built.clauses.get(id));
    expect(loaded.clauses.get(id)).toBe(loaded.clauses.get(id));
    expect(loaded.clauses.has("anting-2024:999")).toBe(false);
    expect(loaded.clauses.get("no-such-2020:1")).toBeUndefined();
    expect(loaded.clauses.has("no colon")).toBe(false);
    for (let doc = 0; doc < built.chunks.length; doc++) {
      expect(loaded.chunks.citationId(doc)).toBe(built.chunks.citationId(doc));
      expect(loaded.chunks.district(doc)).toBe(built.chunks.district(doc));
    }
    expect([...loaded.chunks.planStarts]).toEqual([...built.chunks.planStarts]);
  });

  it("reads and parses a plan's line only when its text or structure is first read, and refuses a damaged line", () => {
    const { catalog, body } = persisted(built.plans);
    const copy = Uint8Array.from(body);
    const reads: number[] = [];
    const plans = lazyPlans(catalog, (start, end) => {
      reads.push(start);
      return copy.subarray(start, end);
    });
    expect(reads).toEqual([]);
    // Damage the second plan's line after the plans are made, keeping it valid JSON of the same size:
    // its metadata still serves, its body is refused by the line's checksum.
    const at = Buffer.from(copy).indexOf(Buffer.from("营商环境"), catalog.plans[1]!.start);
    copy.set(Buffer.from("损坏损坏"), at);
    expect(plans[1]!.meta.id).toBe(built.plans[1]!.meta.id);
    expect(() => plans[1]!.parts).toThrow(/plans\.ndjson: the line of plan .* does not match its checksum/);
    expect(plans[0]!.text).toBe(built.plans[0]!.text);
    expect(plans[0]!.parts).toBe(plans[0]!.parts);
    expect(reads).toEqual([catalog.plans[1]!.start, catalog.plans[0]!.start]);
  });

  it("parses a clause's own line on first lookup, once, and refuses a line holding another clause", () => {
    const clauses = planClauses(built.plans[0]!);
    const lines = clauses.map((c) => Buffer.from(`${JSON.stringify(c)}\n`));
    const ends = lines.map(
      (
        (at) => (l: Buffer) =>
          (at += l.byteLength)
      )(0),
    );
    const body = Buffer.concat(lines);
    const crcs = lines.map((l) => crc32(l));
    const read = (start: number, end: number) => body.subarray(start, end);
    const ids = clauses.map((c) => c.id);
    const map = new ClauseMap(ids, ends, crcs, read);
    expect(map.get(clauses[2]!.id)).toEqual(clauses[2]);
    expect(map.get(clauses[2]!.id)).toBe(map.get(clauses[2]!.id));
    expect([...map.values()]).toEqual(clauses);
    const swapped = new ClauseMap([clauses[1]!.id, clauses[0]!.id], ends.slice(0, 2), crcs.slice(0, 2), read);
    expect(() => swapped.get(clauses[1]!.id)).toThrow(/holds another clause/);
    const wrongCrc = new ClauseMap(
      ids,
      ends,
      crcs.map((c) => c ^ 1),
      read,
    );
    expect(() => wrongCrc.get(clauses[0]!.id)).toThrow(/clauses\.ndjson: the line of clause .* does not match its checksum/);
    const index = decodeClauseIndex(encodeClauseIndex(ids, ends, crcs), ids.length);
    expect(index.clauseIds).toEqual(ids);
    expect(Array.from(index.clauseEnds)).toEqual(ends);
    expect(Array.from(index.clauseCrcs)).toEqual(crcs);
    expect(() => decodeClauseIndex(encodeClauseIndex(ids, ends, crcs), ids.length + 1)).toThrow(IndexMismatchError);
    const catalog = { plans: [], ...index };
    expect(() => checkClauseLines(catalog, body.byteLength)).not.toThrow();
    expect(() => checkClauseLines(catalog, body.byteLength - 1)).toThrow(/clauses\.ndjson does not match/);
  });

  it("refuses plan lines that do not tile the file and chunk columns out of order or range", () => {
    const { catalog, body } = persisted(built.plans);
    expect(() => checkPlanLines(catalog, body.byteLength)).not.toThrow();
    expect(() => checkPlanLines(catalog, body.byteLength - 1)).toThrow(/plans\.ndjson does not match/);
    const shifted = { ...catalog, plans: catalog.plans.map((p, i) => (i === 1 ? { ...p, start: p.start + 1 } : p)) };
    expect(() => checkPlanLines(shifted, body.byteLength)).toThrow(/plans\.ndjson does not match/);

    const chunks = [
      { planId: built.plans[0]!.meta.id, citationId: "a" },
      { planId: built.plans[1]!.meta.id, citationId: "b" },
      { planId: built.plans[1]!.meta.id, citationId: "b" },
    ];
    const columns = chunkColumns(built.plans, ["a", "b"], chunks);
    expect([...columns.citationOf]).toEqual([0, 1, 1]);
    const withCitations = { ...catalog, clauseIds: ["a", "b"] };
    const good = new Uint8Array(encodeChunkColumns(columns.planOf, columns.citationOf));
    expect([...decodeChunkColumns(good, 3, withCitations).citationOf]).toEqual([0, 1, 1]);
    const backwards = new Uint8Array(encodeChunkColumns(Uint32Array.of(1, 0, 1), columns.citationOf));
    expect(() => decodeChunkColumns(backwards, 3, withCitations)).toThrow(/chunks\.bin does not match/);
    const unknown = new Uint8Array(encodeChunkColumns(columns.planOf, Uint32Array.of(0, 1, 2)));
    expect(() => decodeChunkColumns(unknown, 3, withCitations)).toThrow(/chunks\.bin does not match/);
    expect(() => decodeChunkColumns(good, 4, withCitations)).toThrow(/chunks\.bin has 24 bytes for 4 chunks/);
  });
});
