import unitTable from "../data/units.json" with { type: "json" };
import type { UnitRef, UnitRole } from "../plan/schema.ts";
import { UNIT_LABELS } from "./normalize.ts";

export interface UnitEntry {
  name: string;
  nameEn: string;
  aliases: string[];
}

export const UNIT_TABLE: readonly UnitEntry[] = unitTable.units;

const byAlias = new Map<string, UnitEntry>();
for (const entry of UNIT_TABLE) for (const n of [entry.name, ...entry.aliases]) byAlias.set(n, entry);

const ROLE_OF_LABEL: Record<(typeof UNIT_LABELS)[number], UnitRole> = {
  责任单位: "responsible",
  责任部门: "responsible",
  主责单位: "responsible",
  牵头单位: "lead",
  牵头部门: "lead",
  配合单位: "support",
  配合部门: "support",
  协办单位: "support",
};

const LABEL_ALT = UNIT_LABELS.join("|");
/**
 * A label group: an optional bracket around one or more `label：units` runs, at the end of a text. A unit name
 * may carry its own bracket (`各街道（镇）`); a sentence end (。) cannot occur inside the group.
 */
const TRAILING_GROUP_RE = new RegExp(`（?\\s*((?:${LABEL_ALT})\\s*：(?:[^（）。]|（[^（）。]*）)*?)\\s*）?\\s*[。；]?\\s*$`);
const LABEL_SPLIT_RE = new RegExp(`(${LABEL_ALT})\\s*：`, "g");

/** Maps any official or short name of a unit to its canonical entry; unknown names are kept verbatim. */
export function canonicalUnit(name: string): { name: string; nameEn: string | null } {
  const cleaned = name.replace(/等$/, "").trim();
  const entry = byAlias.get(cleaned);
  return entry ? { name: entry.name, nameEn: entry.nameEn } : { name: cleaned, nameEn: null };
}

/** Parses the inside of a label group such as `牵头单位：区商务委；配合单位：区财政局、区税务局`. */
export function parseUnitLabels(group: string): UnitRef[] {
  const units: UnitRef[] = [];
  const parts = group.split(LABEL_SPLIT_RE);
  for (let i = 1; i < parts.length; i += 2) {
    const role = ROLE_OF_LABEL[parts[i] as keyof typeof ROLE_OF_LABEL];
    for (const raw of splitUnitNames(parts[i + 1] ?? "")) {
      const unit = canonicalUnit(raw);
      if (unit.name && !units.some((u) => u.name === unit.name && u.role === role)) units.push({ ...unit, role });
    }
  }
  return units;
}

/** `各街道、镇` is one unit, not two: a lone 镇 after 街道 is rejoined. */
function splitUnitNames(list: string): string[] {
  const names = list.split(/[、，,；;\s]+/).filter(Boolean);
  const out: string[] = [];
  for (const n of names) {
    if (/^[镇（]/.test(n) && out.at(-1)?.endsWith("街道")) out[out.length - 1] += `、${n}`;
    else out.push(n);
  }
  return out;
}

/** Splits a clause into its text and the responsible units named by the label group at its end. */
export function responsibleUnits(clause: string): { text: string; units: UnitRef[] } {
  const match = TRAILING_GROUP_RE.exec(clause);
  if (!match) return { text: clause.trim(), units: [] };
  return { text: clause.slice(0, match.index).trim(), units: parseUnitLabels(match[1]!) };
}

/** True for a line that carries only a unit label (units printed on their own line). */
export function isUnitLine(line: string): boolean {
  const { text, units } = responsibleUnits(line);
  return text === "" && units.length > 0;
}
