import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import type { CuratedEntry } from "./curated.ts";

/**
 * The curated answers in force, saved beside the embedded database so that a restart knows them before
 * PGlite is up (its start-up is the longest part of a start) and answers exactly as it will once the
 * database is read. Valid only because one process owns an embedded database (src/db/open.ts locks it) and
 * every change goes through CuratedAnswers, which removes the copy before it writes and saves it again after
 * reading the database back: a crash in between leaves no copy, and the next start waits for the database.
 */
export interface CuratedSnapshot {
  /** The saved entries; null when there is no usable copy (none, unreadable, another version). */
  read(): CuratedEntry[] | null;
  /** Saves the entries (atomically; nothing is written when they are what was saved last). */
  write(entries: readonly CuratedEntry[]): void;
  /** Removes the copy before a change, durably, so a crash during the change cannot leave a stale one. */
  invalidate(): void;
}

const VERSION = 1;
const Entry = z.object({
  id: z.number().int(),
  version: z.number().int(),
  pattern: z.string(),
  patternKey: z.string(),
  match: z.enum(["exact", "contains"]),
  district: z.string().nullable(),
  lang: z.enum(["zh", "en"]),
  answer: z.string(),
  citations: z.array(z.string()),
});
const File = z.object({ version: z.literal(VERSION), entries: z.array(Entry) });

export function curatedSnapshotFile(path: string): CuratedSnapshot {
  let saved: string | null = null;
  const syncDir = () => {
    const fd = openSync(dirname(path), "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  };
  return {
    read() {
      try {
        const text = readFileSync(path, "utf8");
        const parsed = File.safeParse(JSON.parse(text));
        if (!parsed.success) return null;
        saved = text;
        return parsed.data.entries;
      } catch {
        return null;
      }
    },
    write(entries) {
      const text = JSON.stringify({ version: VERSION, entries });
      if (text === saved) return;
      const tmp = `${path}.${process.pid}.tmp`;
      const fd = openSync(tmp, "w");
      try {
        writeFileSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
      saved = text;
    },
    invalidate() {
      saved = null;
      rmSync(path, { force: true });
      syncDir();
    },
  };
}
