import { IndexMismatchError } from "../errors.ts";
import { planClauses } from "../plan/clauses.ts";
import { type Clause, Plan, type PlanMeta } from "../plan/schema.ts";

/**
 * The records a persisted index serves besides its postings, in forms that load without parsing everything:
 * plans as one JSON line each (`plans.ndjson`), parsed the first time a plan's text or structure is read;
 * chunks as two columns of numbers (`chunks.bin`: plan and citation of each chunk), with the plans' metadata
 * and the citation ids in a small `catalog.json`.
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
  /** Byte range of the plan's line in plans.ndjson. */
  start: number;
  end: number;
}

export interface Catalog {
  plans: CatalogPlan[];
  citations: string[];
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
      citationOf[doc]! >= catalog.citations.length
    )
      throw new IndexMismatchError("chunks.bin does not match catalog.json");
  }
  return { planOf, citationOf };
}

/** Checks that the catalog's plan lines tile plans.ndjson exactly, one line each. */
export function checkPlanLines(catalog: Catalog, body: Uint8Array): void {
  let at = 0;
  for (const p of catalog.plans) {
    if (p.start !== at || p.end <= p.start || p.end > body.byteLength || body[p.end - 1] !== 0x0a)
      throw new IndexMismatchError("plans.ndjson does not match catalog.json");
    at = p.end;
  }
  if (at !== body.byteLength) throw new IndexMismatchError("plans.ndjson does not match catalog.json");
}

/**
 * Plans whose metadata is at hand and whose text and structure are parsed from their line on first use
 * (a document question, the unit index), once; the Plan type is unchanged for every reader.
 */
export function lazyPlans(catalog: Catalog, body: Uint8Array): Plan[] {
  const text = new TextDecoder("utf-8", { fatal: true });
  return catalog.plans.map(({ meta, start, end }) => {
    let full: Plan | null = null;
    const load = (): Plan => {
      if (full) return full;
      try {
        full = JSON.parse(text.decode(body.subarray(start, end))) as Plan;
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
 * Citable units by id, made from a plan's structure when one of its clauses is first asked for: the id
 * names the plan (`putuo-2021:17`), so one lookup parses one plan, not the corpus. Iteration is in plan
 * order, then reading order, as a list of every plan's clauses would be.
 */
export class ClauseMap implements ReadonlyMap<string, Clause> {
  private readonly planPosition: Map<string, number>;
  private readonly perPlan: (Map<string, Clause> | undefined)[];

  constructor(private readonly plans: Plan[]) {
    this.planPosition = new Map(plans.map((p, i) => [p.meta.id, i]));
    this.perPlan = new Array(plans.length);
  }

  private clausesOf(position: number): Map<string, Clause> {
    let map = this.perPlan[position];
    if (!map) this.perPlan[position] = map = new Map(planClauses(this.plans[position]!).map((c) => [c.id, c]));
    return map;
  }

  private planFor(id: string): Map<string, Clause> | undefined {
    const colon = id.indexOf(":");
    const position = colon > 0 ? this.planPosition.get(id.slice(0, colon)) : undefined;
    return position === undefined ? undefined : this.clausesOf(position);
  }

  get(id: string): Clause | undefined {
    return this.planFor(id)?.get(id);
  }

  has(id: string): boolean {
    return this.planFor(id)?.has(id) ?? false;
  }

  get size(): number {
    let n = 0;
    for (let p = 0; p < this.plans.length; p++) n += this.clausesOf(p).size;
    return n;
  }

  *entries(): MapIterator<[string, Clause]> {
    for (let p = 0; p < this.plans.length; p++) yield* this.clausesOf(p).entries();
  }

  *keys(): MapIterator<string> {
    for (const [id] of this.entries()) yield id;
  }

  *values(): MapIterator<Clause> {
    for (const [, clause] of this.entries()) yield clause;
  }

  [Symbol.iterator](): MapIterator<[string, Clause]> {
    return this.entries();
  }

  forEach(fn: (value: Clause, key: string, map: ReadonlyMap<string, Clause>) => void): void {
    for (const [id, clause] of this.entries()) fn(clause, id, this);
  }
}

/** The columns of chunks made plan after plan: each chunk's plan position and citation position. */
export function chunkColumns(plans: Plan[], chunks: { planId: string; citationId: string }[]) {
  const planPosition = new Map(plans.map((p, i) => [p.meta.id, i]));
  const citationPosition = new Map<string, number>();
  const citations: string[] = [];
  const planOf = new Uint32Array(chunks.length);
  const citationOf = new Uint32Array(chunks.length);
  chunks.forEach((chunk, doc) => {
    planOf[doc] = planPosition.get(chunk.planId)!;
    let c = citationPosition.get(chunk.citationId);
    if (c === undefined) {
      c = citations.length;
      citationPosition.set(chunk.citationId, c);
      citations.push(chunk.citationId);
    }
    citationOf[doc] = c;
  });
  return { planOf, citationOf, citations };
}
