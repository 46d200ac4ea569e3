import { z } from "zod";
import { sql } from "kysely";
import type { AskInput, Assistant } from "../answer/assistant.ts";
import { citationOf } from "../answer/cite.ts";
import type { Answer } from "../answer/schema.ts";
import type { DatabaseHandle } from "../db/open.ts";
import { BadRequestError, NotFoundError } from "../errors.ts";
import type { PolicyIndex } from "../index/store.ts";
import { maskPersonalData } from "../privacy/mask.ts";
import { detectLanguage, toTraditional } from "../understand/script.ts";
import type { Understanding } from "../understand/understand.ts";
import type { CuratedSnapshot } from "./curated-snapshot.ts";
import { questionKey } from "./key.ts";

/** A stored answer's language; anything else reads as Chinese, the corpus's language. */
const StoredLang = z.enum(["zh", "en"]).catch("zh");

/** One curated answer in force (its current version). */
export interface CuratedEntry {
  id: number;
  version: number;
  pattern: string;
  patternKey: string;
  /** exact: the question's key equals the pattern's; contains: the question's key contains it. */
  match: "exact" | "contains";
  district: string | null;
  lang: "zh" | "en";
  answer: string;
  citations: string[];
}

export interface CuratedSpec {
  pattern: string;
  match: "exact" | "contains";
  district?: string | null;
  answer: string;
  citations: string[];
  sourceQuestionId?: string | null;
  note?: string | null;
}

export interface CuratedVersion extends CuratedEntry {
  createdAt: Date;
  sourceQuestionId: string | null;
  note: string | null;
}

export interface CuratedListItem {
  id: number;
  version: number;
  withdrawnAt: Date | null;
  current: CuratedVersion;
  versions: CuratedVersion[];
}

/** Shortest pattern key a "contains" answer may have: a two-character key would capture far too much. */
const MIN_CONTAINS_KEY = 4;

/**
 * Curated answers: written by an administrator, versioned, withdrawable, always cited. Entries in force are
 * kept in memory and reloaded every refreshMs, so an answer written through one replica is served by all.
 */
export class CuratedAnswers {
  private entries: CuratedEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private loaded = false;
  /** Counts changes begun (see changing): a refresh saves its entries only when none began while it read. */
  private generation = 0;
  private changesInFlight = 0;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly options: {
      refreshMs?: number;
      onError?: (err: Error) => void;
      /** The entries saved between starts (embedded database only), so a start knows them before the database is up. */
      snapshot?: CuratedSnapshot | null;
    } = {},
  ) {}

  /**
   * Known before the database is read: none in a database that does not exist yet (`fresh`), else the saved
   * copy's. Returns whether they are known; if not, they are known once the first refresh has read the database.
   */
  preload({ fresh }: { fresh: boolean }): boolean {
    const saved = fresh ? [] : (this.options.snapshot?.read() ?? null);
    if (!saved) return false;
    this.entries = saved;
    this.loaded = true;
    return true;
  }

  get inForce(): readonly CuratedEntry[] {
    return this.entries;
  }

  async refresh(): Promise<void> {
    await this.database.ready();
    const generation = this.generation;
    const rows = await this.database.db
      .selectFrom("curated_answers as a")
      .innerJoin("curated_versions as v", (j) => j.onRef("v.curated_id", "=", "a.id").onRef("v.version", "=", "a.version"))
      .select(["a.id", "a.version", "v.pattern", "v.pattern_key", "v.match", "v.district", "v.lang", "v.answer", "v.citations"])
      .where("a.withdrawn_at", "is", null)
      .execute();
    this.entries = rows.map((r) => ({
      id: r.id,
      version: r.version,
      pattern: r.pattern,
      patternKey: r.pattern_key,
      match: r.match,
      district: r.district,
      lang: StoredLang.parse(r.lang),
      answer: r.answer,
      citations: r.citations,
    }));
    this.loaded = true;
    if (generation === this.generation && !this.changesInFlight) this.save();
  }

  private save(): void {
    const { snapshot } = this.options;
    if (!snapshot) return;
    try {
      snapshot.write(this.entries);
    } catch (err) {
      // A copy that could not be brought up to date must not outlive this process.
      try {
        snapshot.invalidate();
      } catch {}
      this.options.onError?.(err as Error);
    }
  }

  /**
   * A change to the curated tables: the saved copy goes first (see CuratedSnapshot), and no refresh that read
   * the tables before or during the change may save what it read; the refresh after the change saves it again.
   */
  private async changing<T>(write: () => Promise<T>): Promise<T> {
    this.options.snapshot?.invalidate();
    this.generation++;
    this.changesInFlight++;
    try {
      return await write();
    } finally {
      this.changesInFlight--;
    }
  }

  /** Loads now and every refreshMs; a failed load keeps the entries already loaded. Resolves after the first load (or its failure). */
  start(): Promise<void> {
    const run = () => this.refresh().catch((err) => this.options.onError?.(err));
    const first = run();
    this.timer = setInterval(run, this.options.refreshMs ?? 2000);
    this.timer.unref();
    return first;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  get ready(): boolean {
    return this.loaded;
  }

  /** The entry for a question: exact before contains, the longest pattern first; none for follow-ups. */
  match(input: AskInput, u: Understanding): CuratedEntry | null {
    if (!this.entries.length || u.followup || u.otherPlaces.length) return null;
    const key = questionKey(maskPersonalData(input.message));
    const fits = (e: CuratedEntry) =>
      (e.match === "exact" ? key === e.patternKey : key.includes(e.patternKey)) &&
      (!e.district || !u.districts.length || u.districts.includes(e.district));
    const candidates = this.entries.filter(fits);
    candidates.sort((a, b) => Number(b.match === "exact") - Number(a.match === "exact") || b.patternKey.length - a.patternKey.length);
    return candidates[0] ?? null;
  }

  /** The curated answer for a question, cited from the index; null when none matches or its clauses are gone. */
  answerFor(assistant: Assistant, input: AskInput): { id: number; answer: Answer } | null {
    if (!this.entries.length) return null;
    let u: Understanding;
    try {
      u = assistant.understand(input);
    } catch {
      return null; // the inner assistant reports the bad input
    }
    const entry = this.match(input, u);
    if (!entry) return null;
    const clauses = entry.citations.map((id) => assistant.index.clauses.get(id)).filter((c) => c !== undefined);
    // After a re-index a cited clause may be gone; an answer without its evidence is not served.
    if (!clauses.length) return null;
    const text = entry.lang === "zh" && u.traditional ? toTraditional(entry.answer) : entry.answer;
    return {
      id: entry.id,
      answer: {
        answer: text,
        status: "answered",
        lang: entry.lang,
        mode: "curated",
        citations: clauses.map((c) => citationOf(assistant.index, c)),
        // Written and checked by the policy office for this question: as sure as an answer gets.
        confidence: 1,
        confidenceLevel: "high",
        alternatives: [],
      },
    };
  }

  private check(spec: CuratedSpec, index: PolicyIndex): { pattern: string; patternKey: string } {
    const missing = spec.citations.filter((id) => !index.clauses.has(id));
    if (missing.length) throw new BadRequestError(`unknown clause id(s): ${missing.join(", ")}`, ["citations"]);
    if (!spec.citations.length) throw new BadRequestError("a curated answer must cite at least one clause", ["citations"]);
    if (spec.district && !index.plans.some((p) => p.meta.district === spec.district))
      throw new BadRequestError(`unknown district "${spec.district}"`, ["district"]);
    const pattern = maskPersonalData(spec.pattern.trim());
    const patternKey = questionKey(pattern);
    if (!patternKey) throw new BadRequestError("the pattern has no words to match", ["pattern"]);
    if (spec.match === "contains" && [...patternKey].length < MIN_CONTAINS_KEY)
      throw new BadRequestError(`a "contains" pattern needs at least ${MIN_CONTAINS_KEY} characters`, ["pattern"]);
    return { pattern, patternKey };
  }

  private versionRow(id: number, version: number, spec: CuratedSpec, checked: { pattern: string; patternKey: string }) {
    return {
      curated_id: id,
      version,
      pattern: checked.pattern,
      pattern_key: checked.patternKey,
      match: spec.match,
      district: spec.district ?? null,
      lang: detectLanguage(spec.answer),
      answer: maskPersonalData(spec.answer.trim()),
      citations: JSON.stringify([...new Set(spec.citations)]),
      source_question_id: spec.sourceQuestionId ?? null,
      note: spec.note ? maskPersonalData(spec.note) : null,
    };
  }

  /** The logged question's masked text, to write a curated answer from. */
  async questionText(questionId: string): Promise<string> {
    await this.database.ready();
    const row = await this.database.db.selectFrom("questions").select("question").where("id", "=", questionId).executeTakeFirst();
    if (!row) throw new NotFoundError(`question ${questionId}`);
    return row.question;
  }

  async create(spec: CuratedSpec, index: PolicyIndex): Promise<{ id: number; version: number }> {
    const checked = this.check(spec, index);
    await this.database.ready();
    const id = await this.changing(() =>
      this.database.db.transaction().execute(async (tx) => {
        const { id } = await tx.insertInto("curated_answers").values({ version: 1 }).returning("id").executeTakeFirstOrThrow();
        await tx
          .insertInto("curated_versions")
          .values(this.versionRow(id, 1, spec, checked))
          .execute();
        if (spec.sourceQuestionId)
          await tx
            .updateTable("feedback")
            .set({ resolved_curated_id: id })
            .where("answer_id", "=", spec.sourceQuestionId)
            .where("resolved_curated_id", "is", null)
            .execute();
        return id;
      }),
    );
    await this.refresh();
    return { id, version: 1 };
  }

  /** A new version; the old ones stay for the record. A withdrawn answer comes back into force. */
  async update(id: number, spec: CuratedSpec, index: PolicyIndex): Promise<{ id: number; version: number }> {
    const checked = this.check(spec, index);
    await this.database.ready();
    const version = await this.changing(() =>
      this.database.db.transaction().execute(async (tx) => {
        const current = await tx.selectFrom("curated_answers").select("version").where("id", "=", id).forUpdate().executeTakeFirst();
        if (!current) throw new NotFoundError(`curated answer ${id}`);
        const version = current.version + 1;
        await tx
          .insertInto("curated_versions")
          .values(this.versionRow(id, version, spec, checked))
          .execute();
        await tx.updateTable("curated_answers").set({ version, updated_at: sql`now()`, withdrawn_at: null }).where("id", "=", id).execute();
        return version;
      }),
    );
    await this.refresh();
    return { id, version };
  }

  async withdraw(id: number): Promise<void> {
    await this.database.ready();
    const r = await this.changing(() =>
      this.database.db
        .updateTable("curated_answers")
        .set({ withdrawn_at: sql`now()`, updated_at: sql`now()` })
        .where("id", "=", id)
        .executeTakeFirst(),
    );
    if (!Number(r.numUpdatedRows)) throw new NotFoundError(`curated answer ${id}`);
    await this.refresh();
  }

  async list(): Promise<CuratedListItem[]> {
    await this.database.ready();
    const { db } = this.database;
    const heads = await db.selectFrom("curated_answers").selectAll().orderBy("id").execute();
    const versions = await db.selectFrom("curated_versions").selectAll().orderBy("curated_id").orderBy("version").execute();
    return heads.map((h) => {
      const all = versions
        .filter((v) => v.curated_id === h.id)
        .map(
          (v): CuratedVersion => ({
            id: v.curated_id,
            version: v.version,
            pattern: v.pattern,
            patternKey: v.pattern_key,
            match: v.match,
            district: v.district,
            lang: StoredLang.parse(v.lang),
            answer: v.answer,
            citations: v.citations,
            createdAt: v.created_at,
            sourceQuestionId: v.source_question_id,
            note: v.note,
          }),
        );
      return {
        id: h.id,
        version: h.version,
        withdrawnAt: h.withdrawn_at,
        current: all.find((v) => v.version === h.version)!,
        versions: all,
      };
    });
  }
}
