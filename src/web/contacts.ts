import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

/** How to reach a responsible unit, as the district supplies it in corpus/contacts.json (optional). */
export const UnitContact = z
  .object({
    unit: z.string().min(1).max(60),
    /** The district whose unit this is; without it the entry applies to a unit of that name in any district. */
    district: z.string().min(1).max(20).optional(),
    /** Other names the plans use for the same unit (全称, 简称). */
    aliases: z.array(z.string().min(1).max(60)).optional(),
    phone: z
      .string()
      .regex(/^[0-9+\-() 转]{3,40}$/, "a phone number: digits, spaces, + - ( ) and 转 only")
      .optional(),
    address: z.string().max(200).optional(),
    hours: z.string().max(200).optional(),
    url: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .optional(),
  })
  .strict();
export type UnitContact = z.infer<typeof UnitContact>;

export const ContactsFile = z.object({ contacts: z.array(UnitContact) }).strict();

export interface ContactDirectory {
  contacts: UnitContact[];
  /** Why the file could not be used, when it exists but is broken (the directory is then empty). */
  error: string | null;
  /** The contact for a unit as a plan writes it, preferring the entry for the given district. */
  find(unit: string, district?: string): UnitContact | null;
}

export function contactDirectory(contacts: UnitContact[], error: string | null = null): ContactDirectory {
  const names = (c: UnitContact) => [c.unit, ...(c.aliases ?? [])];
  return {
    contacts,
    error,
    find(unit, district) {
      const matching = contacts.filter((c) => names(c).includes(unit) && (!c.district || !district || c.district === district));
      return matching.find((c) => c.district === district) ?? matching[0] ?? null;
    },
  };
}

/** Reads `<corpus>/contacts.json` when present; a broken file gives an empty directory with the reason, never a crash. */
export function loadContacts(corpusDir: string): ContactDirectory {
  const path = join(corpusDir, "contacts.json");
  if (!existsSync(path)) return contactDirectory([]);
  try {
    const parsed = ContactsFile.safeParse(JSON.parse(readFileSync(path, "utf8")));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return contactDirectory([], `${path}: ${issue.path.join(".") || "file"}: ${issue.message}`);
    }
    return contactDirectory(parsed.data.contacts);
  } catch (err) {
    return contactDirectory([], `${path}: ${(err as Error).message.split("\n")[0]}`);
  }
}
