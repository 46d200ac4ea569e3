import unitTable from "../data/units.json" with { type: "json" };
import type { UnitRef, UnitRole } from "../plan/schema.ts";
import { UNIT_LABELS } from "./normalize.ts";
import aliasScope from "./unit-scope.json" with { type: "json" };

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

/** Whose plan a unit name is read in: the alias table only applies to its own districts. */
export interface UnitScope {
  district: string | null;
  city: string | null;
}

export function aliasesApply(scope: UnitScope | undefined): boolean {
  if (!scope) return true;
  return scope.city === aliasScope.city || (scope.district !== null && aliasScope.districts.includes(scope.district));
}

/** A unit as the plan writes it; within the alias table's districts, its canonical and English names. */
export function unitRef(written: string, role: UnitRole, scope?: UnitScope): UnitRef {
  const name = written.replace(/等$/, "").trim();
  const entry = aliasesApply(scope) ? byAlias.get(name) : undefined;
  return { name, ...(entry && entry.name !== name ? { canonical: entry.name } : {}), nameEn: entry?.nameEn ?? null, role };
}

/** Parses the inside of a label group such as `牵头单位：区商务委；配合单位：区财政局、区税务局`. */
export function parseUnitLabels(group: string, scope?: UnitScope): UnitRef[] {
  const units: UnitRef[] = [];
  const parts = group.split(LABEL_SPLIT_RE);
  for (let i = 1; i < parts.length; i += 2) {
    const role = ROLE_OF_LABEL[parts[i] as keyof typeof ROLE_OF_LABEL];
    for (const raw of splitUnitNames(parts[i + 1] ?? "")) addUnit(units, unitRef(raw, role, scope));
  }
  return units;
}

function addUnit(units: UnitRef[], unit: UnitRef) {
  if (unit.name && !units.some((u) => u.name === unit.name && u.role === unit.role)) units.push(unit);
}

const NAME_END_RE = /(?:局|委|办|院|中心|单位|部门|街镇|街道|镇|部|会|队|联|所|室|处|司|行|厅|站|组|团|社|关|政府|公司|集团)$/;

/** Whether a phrase names a unit (an office, a company, 各相关单位), not an action or a thing. */
export function isUnitName(name: string): boolean {
  return (
    name.length >= 2 && name.length <= 24 && !/[，。；：“”《》！？]|^(?:本|企业|我|对|在|将|按|经)/.test(name) && NAME_END_RE.test(name)
  );
}

/**
 * How plans name units inside their running text, as data: each form with the roles of its groups.
 * `本措施由区发展改革局负责解释` is about the document, not a task: 负责 must end the sentence or be 负责落实.
 */
const IN_TEXT: { re: RegExp; roles: UnitRole[] }[] = [
  {
    re: /由([^，。；：（）]{2,80}?)牵头[，,、]?\s*([^，。；：（）]{2,120}?)(?:等(?:单位|部门))?(?:共同|协同|参与)?配合/g,
    roles: ["lead", "support"],
  },
  { re: /由([^，。；：（）]{2,80}?)牵头(?:负责|落实|推进|实施)?(?=[。；]|$)/g, roles: ["lead"] },
  { re: /（([^（）。；]{2,80}?)(?:牵头负责|具体负责|负责)）/g, roles: ["responsible"] },
  { re: /(?<=^|[。；，])由?([^，。；：（）]{2,80}?)负责(?:落实|实施|推进|组织实施|牵头落实)?(?=[。；]|$)/g, roles: ["responsible"] },
  { re: /(?:责任单位|责任部门)：([^。；（）]+?)(?=[。；]|$)/g, roles: ["responsible"] },
];

/** Units named in a measure's running text (由X牵头，Y配合 / （X负责） / X负责落实 / 责任单位：X。). */
export function unitsInText(text: string, scope?: UnitScope): UnitRef[] {
  const units: UnitRef[] = [];
  for (const { re, roles } of IN_TEXT) {
    for (const m of text.matchAll(re)) {
      const groups = roles.map((role, k) => ({ role, names: splitUnitNames(m[k + 1] ?? "") }));
      if (!groups.every((g) => g.names.length && g.names.every(isUnitName))) continue;
      for (const g of groups) for (const n of g.names) addUnit(units, unitRef(n, g.role, scope));
    }
    if (units.length) break;
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
export function responsibleUnits(clause: string, scope?: UnitScope): { text: string; units: UnitRef[] } {
  const match = TRAILING_GROUP_RE.exec(clause);
  if (!match) return { text: clause.trim(), units: [] };
  return { text: clause.slice(0, match.index).trim(), units: parseUnitLabels(match[1]!, scope) };
}

/** True for a line that carries only a unit label (units printed on their own line). */
export function isUnitLine(line: string): boolean {
  const { text, units } = responsibleUnits(line);
  return text === "" && units.length > 0;
}
