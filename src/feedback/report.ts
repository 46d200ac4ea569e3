import { type Expression, type SqlBool, sql } from "kysely";
import type { DatabaseHandle } from "../db/open.ts";
import { groupNearDuplicates, type KeyCount } from "./key.ts";

export interface ReportRange {
  from: Date;
  to: Date;
}

export interface Tally {
  questions: number;
  answered: number;
  refused: number;
}

export interface QuestionSummary {
  question: string;
  count: number;
  /** Other wordings folded into this one (near-duplicates), most asked first. */
  variants: string[];
}

export interface UnansweredSummary extends QuestionSummary {
  notFound: number;
  partial: number;
  lastAsked: string;
  districts: string[];
}

export interface RatedSummary extends QuestionSummary {
  up: number;
  down: number;
  comments: string[];
  /** The clauses the answers cited, and those operators marked as the right ones. */
  cited: string[];
  suggested: string[];
}

export interface QueueItem {
  feedbackId: string;
  answerId: string;
  createdAt: string;
  rating: "up" | "down";
  comment: string | null;
  clauseId: string | null;
  question: string | null;
  status: string | null;
  cited: string[];
}

export interface Report extends Tally {
  range: { from: string; to: string; timeZone: string };
  statuses: Record<string, number>;
  modes: Record<string, number>;
  perDay: (Tally & { day: string })[];
  latencyMs: { median: number | null; p95: number | null };
  top: QuestionSummary[];
  unanswered: UnansweredSummary[];
  feedback: { up: number; down: number };
  lowestRated: RatedSummary[];
  byDistrict: (Tally & { district: string | null })[];
  byLang: (Tally & { lang: string })[];
  byChannel: (Tally & { channel: string })[];
  byReplica: { replica: string; questions: number }[];
  curationQueue: QueueItem[];
}

export interface ReportOptions {
  timeZone: string;
  top?: number;
  unanswered?: number;
}

/** answered and partial count as answered; not_found is a refusal; smalltalk and handoff are neither. */
const ANSWERED = ["answered", "partial"];
/** How many distinct question keys are grouped for near-duplicates (the grouping is quadratic). */
const KEY_LIMIT = 2000;

/** Resolves a report bound: a date (YYYY-MM-DD) is midnight in the report's time zone; a date-time is itself. */
export async function resolveBound(database: DatabaseHandle, value: string, timeZone: string, endOfDay: boolean): Promise<Date> {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = endOfDay ? sql`(${value}::date + 1)` : sql`${value}::date`;
    const { rows } = await sql<{ t: Date }>`select (${day}::timestamp at time zone ${timeZone}) as t`.execute(database.db);
    return new Date(rows[0]!.t);
  }
  return new Date(value);
}

function summarize<R extends KeyCount>(rows: R[]) {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return groupNearDuplicates(rows).map((g) => ({ group: g, members: g.keys.map((k) => byKey.get(k)!) }));
}

export async function buildReport(database: DatabaseHandle, range: ReportRange, options: ReportOptions): Promise<Report> {
  await database.ready();
  const { db } = database;
  const tz = options.timeZone;
  const inRange = db.selectFrom("questions").where("asked_at", ">=", range.from).where("asked_at", "<", range.to);
  const tally = {
    questions: sql<number>`count(*)::int`.as("questions"),
    answered: sql<number>`(count(*) filter (where status in (${sql.join(ANSWERED)})))::int`.as("answered"),
    refused: sql<number>`(count(*) filter (where status = 'not_found'))::int`.as("refused"),
  };

  const totals = await inRange.select([tally.questions, tally.answered, tally.refused]).executeTakeFirstOrThrow();
  const statuses = await inRange
    .select(["status", sql<number>`count(*)::int`.as("n")])
    .groupBy("status")
    .execute();
  const modes = await inRange
    .select(["mode", sql<number>`count(*)::int`.as("n")])
    .groupBy("mode")
    .execute();
  const day = sql<string>`to_char(asked_at at time zone ${tz}, 'YYYY-MM-DD')`;
  const perDay = await inRange
    .select([day.as("day"), tally.questions, tally.answered, tally.refused])
    // By position: the time zone is a parameter, so the expression repeated would not be the same expression.
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  const latency = await inRange
    .select([
      sql<number | null>`percentile_cont(0.5) within group (order by latency_ms)`.as("median"),
      sql<number | null>`percentile_cont(0.95) within group (order by latency_ms)`.as("p95"),
    ])
    .executeTakeFirstOrThrow();

  const keyRows = (where?: Expression<SqlBool>) =>
    (where ? inRange.where(where) : inRange)
      .select([
        "question_key as key",
        sql<number>`count(*)::int`.as("count"),
        sql<string>`min(question)`.as("sample"),
        sql<number>`(count(*) filter (where status = 'not_found'))::int`.as("notFound"),
        sql<number>`(count(*) filter (where status = 'partial'))::int`.as("partial"),
        sql<Date>`max(asked_at)`.as("lastAsked"),
        sql<(string | null)[]>`array_agg(distinct district)`.as("districts"),
      ])
      .groupBy("question_key")
      .orderBy(sql`count(*)`, "desc")
      .limit(KEY_LIMIT)
      .execute();

  const top = summarize(await keyRows())
    .slice(0, options.top ?? 20)
    .map(({ group, members }) => ({ question: group.sample, count: group.count, variants: members.slice(1).map((m) => m.sample) }));

  const unansweredRows = await keyRows(sql<SqlBool>`status in ('not_found', 'partial')`);
  const unanswered = summarize(unansweredRows)
    .slice(0, options.unanswered ?? 100)
    .map(({ group, members }) => ({
      question: group.sample,
      count: group.count,
      variants: members.slice(1).map((m) => m.sample),
      notFound: members.reduce((s, m) => s + m.notFound, 0),
      partial: members.reduce((s, m) => s + m.partial, 0),
      lastAsked: new Date(Math.max(...members.map((m) => new Date(m.lastAsked).getTime()))).toISOString(),
      districts: [...new Set(members.flatMap((m) => m.districts).filter((d): d is string => !!d))],
    }));

  const feedbackInRange = db.selectFrom("feedback").where("created_at", ">=", range.from).where("created_at", "<", range.to);
  const ratings = await feedbackInRange
    .select([
      sql<number>`(count(*) filter (where rating = 'up'))::int`.as("up"),
      sql<number>`(count(*) filter (where rating = 'down'))::int`.as("down"),
    ])
    .executeTakeFirstOrThrow();

  const rated = await feedbackInRange
    .innerJoin("questions as q", "q.id", "feedback.answer_id")
    .select([
      "q.question_key as key",
      sql<string>`min(q.question)`.as("sample"),
      sql<number>`count(*)::int`.as("count"),
      sql<number>`(count(*) filter (where rating = 'up'))::int`.as("up"),
      sql<number>`(count(*) filter (where rating = 'down'))::int`.as("down"),
      sql<(string | null)[]>`array_agg(feedback.comment)`.as("comments"),
      sql<(string | null)[]>`array_agg(feedback.clause_id)`.as("suggested"),
      sql<string[][]>`jsonb_agg(q.citations)`.as("cited"),
    ])
    .groupBy("q.question_key")
    .having(sql<SqlBool>`count(*) filter (where rating = 'down') > 0`)
    .orderBy(sql`count(*) filter (where rating = 'down') - count(*) filter (where rating = 'up')`, "desc")
    .limit(KEY_LIMIT)
    .execute();
  const lowestRated = summarize(rated)
    .map(({ group, members }) => ({
      question: group.sample,
      count: group.count,
      variants: members.slice(1).map((m) => m.sample),
      up: members.reduce((s, m) => s + m.up, 0),
      down: members.reduce((s, m) => s + m.down, 0),
      comments: members.flatMap((m) => m.comments).filter((c): c is string => !!c),
      suggested: [...new Set(members.flatMap((m) => m.suggested).filter((c): c is string => !!c))],
      cited: [...new Set(members.flatMap((m) => m.cited.flatMap((c) => (Array.isArray(c) ? c : []))))],
    }))
    .sort((a, b) => b.down - b.up - (a.down - a.up) || b.down - a.down)
    .slice(0, 20);

  const breakdown = <C extends "district" | "lang" | "channel">(column: C) =>
    inRange.select([column, tally.questions, tally.answered, tally.refused]).groupBy(column).orderBy(sql`count(*)`, "desc").execute();
  const byReplica = await inRange
    .select(["replica", sql<number>`count(*)::int`.as("questions")])
    .groupBy("replica")
    .execute();

  const queue = await db
    .selectFrom("feedback")
    .leftJoin("questions as q", "q.id", "feedback.answer_id")
    .select([
      "feedback.id as feedbackId",
      "feedback.answer_id as answerId",
      "feedback.created_at as createdAt",
      "feedback.rating as rating",
      "feedback.comment as comment",
      "feedback.clause_id as clauseId",
      "q.question as question",
      "q.status as status",
      "q.citations as cited",
    ])
    .where("feedback.resolved_curated_id", "is", null)
    .where((eb) => eb.or([eb("feedback.rating", "=", "down"), eb("feedback.clause_id", "is not", null)]))
    .where("feedback.created_at", ">=", range.from)
    .where("feedback.created_at", "<", range.to)
    .orderBy("feedback.created_at", "desc")
    .limit(100)
    .execute();

  return {
    range: { from: range.from.toISOString(), to: range.to.toISOString(), timeZone: tz },
    ...totals,
    statuses: Object.fromEntries(statuses.map((s) => [s.status, s.n])),
    modes: Object.fromEntries(modes.map((m) => [m.mode, m.n])),
    perDay,
    latencyMs: {
      median: latency.median === null ? null : Number(latency.median),
      p95: latency.p95 === null ? null : Number(latency.p95),
    },
    top,
    unanswered,
    feedback: ratings,
    lowestRated,
    byDistrict: await breakdown("district"),
    byLang: await breakdown("lang"),
    byChannel: await breakdown("channel"),
    byReplica,
    curationQueue: queue.map((q) => ({ ...q, createdAt: new Date(q.createdAt).toISOString(), cited: q.cited ?? [] })),
  };
}

/** A spreadsheet cell: quoted, and a leading = + - @ defused so a spreadsheet does not run it as a formula. */
function cell(value: string | number): string {
  const s = String(value);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The unanswered questions for the policy office: UTF-8 with a BOM so Excel reads the Chinese. */
export function unansweredCsv(rows: UnansweredSummary[]): string {
  const header = ["question", "count", "not_found", "partial", "last_asked", "districts", "variants"];
  const lines = rows.map((r) =>
    [r.question, r.count, r.notFound, r.partial, r.lastAsked, r.districts.join("、"), r.variants.join(" | ")].map(cell).join(","),
  );
  return `\ufeff${[header.join(","), ...lines].join("\r\n")}\r\n`;
}
