import { Document } from "@langchain/core/documents";
import { BaseRetriever, type BaseRetrieverInput } from "@langchain/core/retrievers";
import type { PolicyIndex } from "../index/store.ts";
import { understand } from "../understand/understand.ts";
import type { ClauseFilter, ClauseHit } from "./hybrid.ts";
import { type ClauseStore, inProcessStore } from "./retriever.ts";

// The clause search for LangChain users, in its own module: @langchain/core costs a fifth of a second to load,
// which the server (src/retrieve/retriever.ts) does not need to pay at start.

/** A hit as LangChain document metadata: where it is and why it was retrieved. */
export interface ClauseMetadata {
  id: string;
  planId: string;
  kind: string;
  measure: number | null;
  sectionPath: string[];
  units: string[];
  score: number;
  lexicalRank: number | null;
  vectorRank: number | null;
  matched: string[];
  missing: string[];
  strength: number | null;
}

export function hitDocument(h: ClauseHit): Document<ClauseMetadata> {
  return new Document({
    pageContent: h.clause.text,
    id: h.id,
    metadata: {
      id: h.id,
      planId: h.clause.planId,
      kind: h.clause.kind,
      measure: h.clause.measure,
      sectionPath: h.clause.sectionPath,
      units: h.clause.units.map((u) => u.name),
      score: h.score,
      lexicalRank: h.lexical?.rank ?? null,
      vectorRank: h.vector?.rank ?? null,
      matched: h.evidence?.matched ?? [],
      missing: h.evidence?.missing ?? [],
      strength: h.evidence?.strength ?? null,
    },
  });
}

export interface ClauseRetrieverInput extends BaseRetrieverInput {
  index: PolicyIndex;
  k?: number;
  filter?: ClauseFilter;
}

/** The clause search as a LangChain retriever: a question in, cited clauses out as Documents with their evidence. */
export class ClauseRetriever extends BaseRetriever<ClauseMetadata> {
  lc_namespace = ["policy_assistant", "retrievers"];
  private readonly store: ClauseStore;
  private readonly index: PolicyIndex;
  private readonly k: number;
  private readonly filter?: ClauseFilter;

  constructor(fields: ClauseRetrieverInput) {
    super(fields);
    this.index = fields.index;
    this.store = inProcessStore(fields.index);
    this.k = fields.k ?? 5;
    this.filter = fields.filter;
  }

  override async _getRelevantDocuments(query: string): Promise<Document<ClauseMetadata>[]> {
    const u = understand(
      query,
      [],
      this.index.plans.map((p) => p.meta),
    );
    const hits = await this.store.search(u, { k: this.k, strategy: "ranked", filter: this.filter });
    return hits.map(hitDocument);
  }
}
