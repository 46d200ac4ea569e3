import { crc32 } from "node:zlib";
import { IndexMismatchError } from "../errors.ts";
import { type Clause, Plan, type PlanMeta } from "../plan/schema.ts";

/**
 * The records a persisted index serves besides its postings, in forms that load without reading everything:
 * plans and clauses as one JSON line each (`plans.ndjson`, `clauses.ndjson`), read from the file and parsed
 * the first time one is asked for, each line checked against its own CRC-32; chunks as two columns of
 * numbers (`chunks.bin`: plan and citation of each chunk); the plans' metadata and line ranges in a small
 * `catalog.json`, the clauses' ids, line ends and checksums in `clauses.idx`.
 */

/** What ranking needs of the chunks: whose plan and which citation each is, by position. */
export interface ChunkTable {
  readonly length: number;
  citationId(doc: number): string;
  planId(doc: number): string;
  district(doc: number): string;
  /** Position of the chunk's plan in the index's plan list. */
  planIndex(doc: number): number;
  /** The chunks of plan `p` are the positions [planStarts[p], planStarts[p + 1]). */
  readonly planStarts: Uint32Array;
}

export interface CatalogPlan {
  meta: PlanMeta;
  /** Byte range of the plan's line in plans.ndjson, and the line's CRC-32. */
  start: number;
  end: number;
  crc: number;
}

export interface Catalog {
  plans: CatalogPlan[];
  /** Every clause id, plan after plan in reading order: chunks point into this list. */
  clauseIds: string[];
  /** Where each clause's line of clauses.ndjson ends, and each line's CRC-32. */
  clauseEnds: ArrayLike<number>;
  clauseCrcs: ArrayLike<number>;
}

/** Bytes [start, end) of a records file (positioned reads: the file is not held in memory). */
export type ReadRange = (start: number, end: number) => Uint8Array;

/** A byte range of a records file, refused unless it is one whole line with the checksum recorded for it. */
function checkedLine(file: string, read: ReadRange, start: number, end: number, crc: number, what: string): Uint8Array {
  const bytes = read(start, end);
  if (bytes.byteLength !== end - start || bytes[bytes.byteLength - 1] !== 0x0a || crc32(bytes) !== crc)
    throw new IndexMismatchError(`${file}: the line of ${what} does not match its checksum`);
  return bytes;
}

/** clauses.idx: the clause count, each line's end, each line's CRC-32 (little-endian Uint32s), then the ids, one a line. */
export function encodeClauseIndex(ids: string[], ends: number[], crcs: number[]): Buffer {
  if (ids.some((id) => id.includes("\n"))) throw new Error("a clause id holds a line break");
  if ((ends.at(-1) ?? 0) > 0xffffffff) throw new Error("clauses.ndjson over 4 GB");
  const numbers = Uint32Array.from([ids.length, ...ends, ...crcs]);
  return Buffer.concat([Buffer.from(numbers.buffer), Buffer.from(ids.join("\n"))]);
}

/** The clause columns of clauses.idx, checked against the count the manifest recorded. */
export function decodeClauseIndex(body: Uint8Array, count: number): Pick<Catalog, "clauseIds" | "clauseEnds" | "clauseCrcs"> {
  const head = 4 * (1 + 2 * count);
  if (body.byteLength < head) throw new IndexMismatchError(`clauses.idx has ${body.byteLength} bytes for ${count} clauses`);
  const numbers = new Uint32Array(body.buffer.slice(body.byteOffset, body.byteOffset + head));
  const clauseIds = count ? new TextDecoder().decode(body.subarray(head)).split("\n") : [];
  if (numbers[0] !== count || clauseIds.length !== count) throw new IndexMismatchError("clauses.idx does not match the manifest");
  return { clauseIds, clauseEnds: numbers.subarray(1, 1 + count), clauseCrcs: numbers.subarray(1 + count) };
}

/** The chunk table of chunks laid out plan after plan (as the build makes them). */
export function chunkTable(metas: PlanMeta[], planOf: Uint32Array, citationOf: Uint32Array, citations: string[]): ChunkTable {
  const planStarts = new Uint32Array(metas.length + 1);
  for (let doc = 0, p = 0; p <= metas.length; p++) {
    while (doc < planOf.length && planOf[doc]! < p) doc++;
    planStarts[p] = doc;
  }
  return {
    length: planOf.length,
    planStarts,
    citationId: (doc) => citations[citationOf[doc]!]!,
    planIndex: (doc) => planOf[doc]!,
    planId: (doc) => metas[planOf[doc]!]!.id,
    district: (doc) => metas[planOf[doc]!]!.district,
  };
}

/** chunks.bin: the plan column, then the citation column, each a little-endian Uint32 per chunk. */
export function encodeChunkColumns(planOf: Uint32Array, citationOf: Uint32Array): Buffer {
  return Buffer.concat([planOf, citationOf].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
}

/** The columns of chunks.bin, checked against the catalog: a damaged file throws instead of serving. */
export function decodeChunkColumns(body: Uint8Array, count: number, catalog: Catalog): { planOf: Uint32Array; citationOf: Uint32Array } {
  if (body.byteLength !== count * 8) throw new IndexMismatchError(`chunks.bin has ${body.byteLength} bytes for ${count} chunks`);
  const all = body.byteOffset % 4 === 0 ? new Uint32Array(body.buffer, body.byteOffset, count * 2) : new Uint32Array(body.slice().buffer);
  const planOf = all.subarray(0, count);
  const citationOf = all.subarray(count);
  for (let doc = 0; doc < count; doc++) {
    // Plans in order, citations known: anything else is a damaged or mismatched file.
    if (
      planOf[doc]! >= catalog.plans.length ||
      (doc > 0 && planOf[doc]! < planOf[doc - 1]!) ||
      citationOf[doc]! >= catalog.clauseIds.length
    )
      throw new IndexMismatchError("chunks.bin does not match catalog.json");
  }
  return { planOf, citationOf };
}

/** Checks that the catalog's plan lines tile plans.ndjson (of `size` bytes) exactly, one range each. */
export function checkPlanLines(catalog: Catalog, size: number): void {
  let at = 0;
  for (const p of catalog.plans) {
    if (p.start !== at || p.end <= p.start || p.end > size || !Number.isInteger(p.crc))
      throw new IndexMismatchError("plans.ndjson does not match catalog.json");
    at = p.end;
  }
  if (at !== size) throw new IndexMismatchError("plans.ndjson does not match catalog.json");
}

/**
 * Plans whose metadata is at hand and whose text and structure are read from their line and parsed on
 * first use (a document question, the unit index), once; the Plan type is unchanged for every reader.
 */
export function lazyPlans(catalog: Catalog, read: ReadRange): Plan[] {
  const text = new TextDecoder("utf-8", { fatal: true });
  return catalog.plans.map(({ meta, start, end, crc }) => {
    let full: Plan | null = null;
    const load = (): Plan => {
      if (full) return full;
      const line = checkedLine("plans.ndjson", read, start, end, crc, `plan ${meta.id}`);
      try {
        full = JSON.parse(text.decode(line)) as Plan;
      } catch (err) {
        throw new IndexMismatchError(`plans.ndjson: plan ${meta.id} is unreadable (${(err as Error).message.split("\n")[0]})`);
      }
      if (full.meta?.id !== meta.id) throw new IndexMismatchError(`plans.ndjson: line of ${meta.id} holds another plan`);
      return full;
    };
    const lazy = { meta } as Plan;
    for (const key of ["text", "intro", "parts", "closing"] as const) {
      Object.defineProperty(lazy, key, { enumerable: true, get: () => load()[key] });
    }
    return lazy;
  });
}

/** Checks one plan fully with its schema: a format drift shows up at load rather than deep inside a request. */
export function spotCheck(plans: Plan[]): void {
  const first = plans[0];
  if (!first) return;
  const parsed = Plan.safeParse({ meta: first.meta, text: first.text, intro: first.intro, parts: first.parts, closing: first.closing });
  if (!parsed.success) throw new IndexMismatchError(`plans.ndjson: plan ${first.meta.id} does not match the plan schema`);
}

/**
 * Citable units by id, each parsed from its own line of clauses.ndjson when first asked for (a hit costs
 * the parse of one short line, not of its plan). Iteration is in the order of the list: plan after plan,
 * each in reading order.
 */
export class ClauseMap implements ReadonlyMap<string, Clause> {
  private readonly position: Map<string, number>;
  private readonly parsed: (Clause | undefined)[];
  private readonly text = new TextDecoder("utf-8", { fatal: true });

  constructor(
    private readonly ids: string[],
    /** Byte offset where each clause's line ends (the next one starts there). */
    private readonly ends: ArrayLike<number>,
    private readonly crcs: ArrayLike<number>,
    private readonly read: ReadRange,
  ) {
    this.position = new Map(ids.map((id, i) => [id, i]));
    this.parsed = new Array(ids.length);
  }

  private at(i: number): Clause {
    let clause = this.parsed[i];
    if (clause) return clause;
    const line = checkedLine("clauses.ndjson", this.read, i ? this.ends[i - 1]! : 0, this.ends[i]!, this.crcs[i]!, `clause ${this.ids[i]}`);
    try {
      clause = JSON.parse(this.text.decode(line)) as Clause;
    } catch (err) {
      throw new IndexMismatchError(`clauses.ndjson: clause ${this.ids[i]} is unreadable (${(err as Error).message.split("\n")[0]})`);
    }
    if (clause.id !== this.ids[i]) throw new IndexMismatchError(`clauses.ndjson: line of ${this.ids[i]} holds another clause`);
    this.parsed[i] = clause;
    return clause;
  }

  get(id: string): Clause | undefined {
    const i = this.position.get(id);
    return i === undefined ? undefined : this.at(i);
  }

  has(id: string): boolean {
    return this.position.has(id);
  }

  get size(): number {
    return this.ids.length;
  }

  *entries(): MapIterator<[string, Clause]> {
    for (let i = 0; i < this.ids.length; i++) yield [this.ids[i]!, this.at(i)];
  }

  *keys(): MapIterator<string> {
    yield* this.ids;
  }

  *values(): MapIterator<Clause> {
    for (let i = 0; i < this.ids.length; i++) yield this.at(i);
  }

  [Symbol.iterator](): MapIterator<[string, Clause]> {
    return this.entries();
  }

  forEach(fn: (value: Clause, key: string, map: ReadonlyMap<string, Clause>) => void): void {
    for (const [id, clause] of this.entries()) fn(clause, id, this);
  }
}

/** Checks that the clause lines tile clauses.ndjson (of `size` bytes), one range per clause id. */
export function checkClauseLines(catalog: Catalog, size: number): void {
  const { clauseIds, clauseEnds, clauseCrcs } = catalog;
  let at = 0;
  if (clauseEnds.length !== clauseIds.length || clauseCrcs.length !== clauseIds.length)
    throw new IndexMismatchError("clauses.ndjson does not match clauses.idx");
  for (let i = 0; i < clauseEnds.length; i++) {
    const end = clauseEnds[i]!;
    if (!(end > at) || end > size) throw new IndexMismatchError("clauses.ndjson does not match clauses.idx");
    at = end;
  }
  if (at !== size) throw new IndexMismatchError("clauses.ndjson does not match clauses.idx");
}

/** The columns of chunks made plan after plan: each chunk's plan position and its clause's position in clauseIds. */
export function chunkColumns(plans: Plan[], clauseIds: string[], chunks: { planId: string; citationId: string }[]) {
  const planPosition = new Map(plans.map((p, i) => [p.meta.id, i]));
  const clausePosition = new Map(clauseIds.map((id, i) => [id, i]));
  const planOf = new Uint32Array(chunks.length);
  const citationOf = new Uint32Array(chunks.length);
  chunks.forEach((chunk, doc) => {
    planOf[doc] = planPosition.get(chunk.planId)!;
    citationOf[doc] = clausePosition.get(chunk.citationId)!;
  });
  return { planOf, citationOf };
}
