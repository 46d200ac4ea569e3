import type { ColumnType, Generated } from "kysely";

/** The tables, as Kysely sees them. Every text column that came from a user holds masked text only. */
export interface QuestionTable {
  /** The answerId returned with the answer; feedback refers to it. */
  id: string;
  asked_at: ColumnType<Date, Date | string | undefined, never>;
  channel: string;
  district: string | null;
  lang: string;
  status: string;
  mode: string;
  /** The question with personal data masked. */
  question: string;
  /** The masked question normalized for grouping near-duplicates (see src/feedback/key.ts). */
  question_key: string;
  citations: ColumnType<string[], string, string>;
  confidence: number | null;
  latency_ms: number;
  fallback: string | null;
  curated_id: number | null;
  /** HMAC of the client address with the installation's salt; never the address. */
  ip_hash: string | null;
  /** Which server process answered (host:pid), so several replicas can be told apart in the report. */
  replica: string;
}

export interface FeedbackTable {
  id: string;
  answer_id: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  rating: "up" | "down";
  comment: string | null;
  /** "Mark wrong": the clause the operator says is right. */
  clause_id: string | null;
  channel: string | null;
  /** Set when a curated answer was written from this item of the curation queue. */
  resolved_curated_id: number | null;
}

export interface CuratedAnswerTable {
  id: Generated<number>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  withdrawn_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The version in force. */
  version: number;
}

export interface CuratedVersionTable {
  curated_id: number;
  version: number;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  pattern: string;
  pattern_key: string;
  match: "exact" | "contains";
  district: string | null;
  lang: string;
  answer: string;
  citations: ColumnType<string[], string, string>;
  source_question_id: string | null;
  note: string | null;
}

export interface SettingTable {
  name: string;
  value: string;
}

export interface Database {
  questions: QuestionTable;
  feedback: FeedbackTable;
  curated_answers: CuratedAnswerTable;
  curated_versions: CuratedVersionTable;
  settings: SettingTable;
}
