import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { type Insertable, type Kysely, sql } from "kysely";
import type { AskInput } from "../answer/assistant.ts";
import type { Answer } from "../answer/schema.ts";
import type { DatabaseHandle } from "../db/open.ts";
import type { Database } from "../db/schema.ts";
import { BadRequestError } from "../errors.ts";
import { memo } from "../memo.ts";
import { maskPersonalData } from "../privacy/mask.ts";
import { questionKey } from "./key.ts";
import { WriteQueue, type WriteQueueEvents } from "./queue.ts";

export interface QuestionRecord {
  input: AskInput;
  /** The answer as served, with its answerId. */
  answer: Answer & { answerId: string };
  latencyMs: number;
  curatedId?: number | null;
}

export interface FeedbackInput {
  answerId: string;
  rating: "up" | "down";
  comment?: string;
  clauseId?: string;
  channel?: string;
}

/** What waits in the write queue: already masked, except the client address, which is hashed when written. */
type Pending =
  | {
      kind: "question";
      id: string;
      askedAt: Date;
      channel: string;
      district: string | null;
      lang: string;
      status: string;
      mode: string;
      question: string;
      citations: string[];
      confidence: number | null;
      latencyMs: number;
      fallback: string | null;
      curatedId: number | null;
      clientIp: string | null;
    }
  | {
      kind: "feedback";
      id: string;
      answerId: string;
      createdAt: Date;
      rating: "up" | "down";
      comment: string | null;
      clauseId: string | null;
      channel: string | null;
    };

export interface QuestionLogOptions {
  database: DatabaseHandle;
  /** IP_HASH_SALT; when unset, a random salt is made once and kept in the database, shared by replicas. */
  ipSalt?: string;
  replica?: string;
  capacity?: number;
  /** How long a write waits for more rows to join its batch (WriteQueue's flushDelayMs). */
  flushDelayMs?: number;
  minRetryMs?: number;
  maxRetryMs?: number;
  events?: WriteQueueEvents;
}

const RECENT_IDS = 10_000;
export function hashIp(ip: string, salt: string): string {
  return createHmac("sha256", salt).update(ip).digest("hex").slice(0, 32);
}

/** The question log and feedback: everything is masked before it is queued and written through one bounded queue. */
export class QuestionLog {
  readonly queue: WriteQueue<Pending>;
  readonly replica: string;
  private saltPromise: Promise<string> | null = null;
  /** Answer ids this process issued lately, so feedback on them is accepted before their row is written. */
  private readonly recent = new Set<string>();
  private readonly mask = memo(maskPersonalData);
  private readonly key = memo(questionKey);
  private hashed: { salt: string; hash: (ip: string) => string } | null = null;

  constructor(private readonly options: QuestionLogOptions) {
    this.replica = options.replica ?? `${hostname()}:${process.pid}`;
    this.queue = new WriteQueue<Pending>({
      write: (batch) => this.write(batch),
      capacity: options.capacity,
      flushDelayMs: options.flushDelayMs,
      minRetryMs: options.minRetryMs,
      maxRetryMs: options.maxRetryMs,
      events: options.events,
    });
  }

  get database(): DatabaseHandle {
    return this.options.database;
  }

  newAnswerId(): string {
    const id = randomUUID();
    this.recent.add(id);
    if (this.recent.size > RECENT_IDS) this.recent.delete(this.recent.values().next().value!);
    return id;
  }

  record({ input, answer, latencyMs, curatedId = null }: QuestionRecord): void {
    this.queue.push({
      kind: "question",
      id: answer.answerId,
      askedAt: new Date(),
      channel: input.channel ?? "api",
      district: answer.citations[0]?.district ?? input.district ?? null,
      lang: answer.lang,
      status: answer.status,
      mode: answer.mode,
      question: this.mask(input.message),
      citations: answer.citations.map((c) => c.id),
      confidence: answer.confidence,
      latencyMs: Math.round(latencyMs),
      fallback: answer.fallback ?? null,
      curatedId,
      clientIp: input.clientIp ?? null,
    });
  }

  /** Queues feedback on an answer; an id that neither this process issued nor the database holds is refused. */
  async feedback(f: FeedbackInput): Promise<void> {
    if (!this.recent.has(f.answerId) && !this.queue.down) {
      let known: boolean | null = null;
      try {
        await this.database.ready();
        known = !!(await this.database.db.selectFrom("questions").select("id").where("id", "=", f.answerId).executeTakeFirst());
      } catch {
        // The database is unreachable: the feedback waits in the queue like everything else.
      }
      // 400, not 404: the widget reads a 404 from /api/feedback as "this server keeps no feedback".
      if (known === false) throw new BadRequestError(`no answer with id ${f.answerId}`, ["answerId"]);
    }
    this.queue.push({
      kind: "feedback",
      id: randomUUID(),
      answerId: f.answerId,
      createdAt: new Date(),
      rating: f.rating,
      comment: f.comment?.trim() ? maskPersonalData(f.comment.trim()) : null,
      clauseId: f.clauseId ?? null,
      channel: f.channel ?? null,
    });
  }

  /** The salt of every stored address hash: IP_HASH_SALT, or one made once and kept in the database (shared by replicas). */
  salt(): Promise<string> {
    if (this.options.ipSalt) return Promise.resolve(this.options.ipSalt);
    this.saltPromise ??= (async () => {
      const { db } = this.database;
      await db
        .insertInto("settings")
        .values({ name: "ip_hash_salt", value: randomBytes(32).toString("hex") })
        .onConflict((oc) => oc.column("name").doNothing())
        .execute();
      const row = await db.selectFrom("settings").select("value").where("name", "=", "ip_hash_salt").executeTakeFirstOrThrow();
      return row.value;
    })().catch((err) => {
      this.saltPromise = null;
      throw err;
    });
    return this.saltPromise;
  }

  /** Idempotent (ids are made here), so a batch whose acknowledgement was lost can be written again. */
  private async write(batch: Pending[]): Promise<void> {
    await this.database.ready();
    const salt = await this.salt();
    if (this.hashed?.salt !== salt) this.hashed = { salt, hash: memo((ip: string) => hashIp(ip, salt)) };
    const { hash } = this.hashed;
    const { db } = this.database;
    const questions = batch.flatMap((p) =>
      p.kind === "question"
        ? [
            {
              id: p.id,
              asked_at: p.askedAt,
              channel: p.channel,
              district: p.district,
              lang: p.lang,
              status: p.status,
              mode: p.mode,
              question: p.question,
              question_key: this.key(p.question),
              citations: p.citations,
              confidence: p.confidence,
              latency_ms: p.latencyMs,
              fallback: p.fallback,
              curated_id: p.curatedId,
              ip_hash: p.clientIp ? hash(p.clientIp) : null,
              replica: this.replica,
            },
          ]
        : [],
    );
    const feedback = batch.flatMap((p) =>
      p.kind === "feedback"
        ? [
            {
              id: p.id,
              answer_id: p.answerId,
              created_at: p.createdAt,
              rating: p.rating,
              comment: p.comment,
              clause_id: p.clauseId,
              channel: p.channel,
              resolved_curated_id: null,
            },
          ]
        : [],
    );
    if (questions.length) await insertQuestions(db, questions);
    if (feedback.length)
      await db
        .insertInto("feedback")
        .values(feedback)
        .onConflict((oc) => oc.column("id").doNothing())
        .execute();
  }

  /** Deletes questions and feedback older than the retention period; returns how many rows went. */
  async prune(retentionDays: number): Promise<{ questions: number; feedback: number }> {
    await this.database.ready();
    const { db } = this.database;
    const cutoff = sql<Date>`now() - make_interval(days => ${retentionDays})`;
    const q = await db.deleteFrom("questions").where("asked_at", "<", cutoff).executeTakeFirst();
    const f = await db.deleteFrom("feedback").where("created_at", "<", cutoff).executeTakeFirst();
    return { questions: Number(q.numDeletedRows), feedback: Number(f.numDeletedRows) };
  }

  /** Prunes now and then every `everyMs` (unref'd: it never keeps the process alive). Returns a stop function. */
  scheduleRetention(retentionDays: number, everyMs: number, onResult: (r: { questions: number; feedback: number } | Error) => void) {
    const run = () => this.prune(retentionDays).then(onResult, (err) => onResult(err instanceof Error ? err : new Error(String(err))));
    void run();
    const timer = setInterval(run, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Writes what is queued (on shutdown); false if the database did not take it in time. */
  drain(timeoutMs?: number): Promise<boolean> {
    return this.queue.drain(timeoutMs);
  }

  async close(): Promise<void> {
    this.queue.close();
  }
}

type QuestionRow = Omit<Insertable<Database["questions"]>, "citations" | "asked_at"> & { asked_at: Date; citations: string[] };

/**
 * A batch of question rows as one JSON parameter that the database unpacks (json_populate_recordset), not
 * one bind parameter per column and row: with embedded PGlite a 100-row batch was ~1,600 parameters to
 * encode and bind, several times the cost of the insert itself. Same statement on PostgreSQL; a row
 * written before (a batch retried after a lost acknowledgement) is skipped.
 */
async function insertQuestions(db: Kysely<Database>, rows: QuestionRow[]): Promise<void> {
  const columns = Object.keys(rows[0]!) as (keyof QuestionRow)[];
  const list = sql.join(columns.map((c) => sql.ref(c)));
  await sql`insert into questions (${list}) select ${list} from json_populate_recordset(null::questions, ${JSON.stringify(rows)}::json) on conflict (id) do nothing`.execute(
    db,
  );
}
