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

/**
 * A unit's head noun (局, 委, 办, 中心…). Commissions became bureaus and offices became centres in the
 * reforms, so a caller's 区商务委 may be a plan's 区商务局 and 区金融办 its 区金融服务中心: heads are compared
 * as one family, and the words before them decide.
 */
const UNIT_HEAD_RE = /(?:委员会|办公室|服务中心|中心|分局|局|委|办)$/;

function unitStem(name: string): string | null {
  const cleaned = name.replace(/等$/, "").trim();
  if (!UNIT_HEAD_RE.test(cleaned)) return null;
  return cleaned.replace(/^区/, "").replace(UNIT_HEAD_RE, "");
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const c of long) if (c === short[i]) i++;
  return i === short.length;
}

/**
 * How well a unit name a caller writes (住建局, 区发改委, 规划资源局) names a unit as a plan writes it
 * (区住房城乡建设局, 区发展和改革局, 区自然资源局): 1 for the same words, 0.9 for an abbreviation (the short
 * name's characters in order, from the same first character), else the share of characters both say
 * (Dice, at least 0.5 and two characters); 0 when either is not a unit name of the 局/委/办/中心 family.
 */
export function unitFamilyScore(asked: string, written: string): number {
  const a = unitStem(asked);
  const w = unitStem(written);
  if (!a || !w || [...a].length < 2 || [...w].length < 2) return 0;
  if (a === w) return 1;
  if (a[0] === w[0] && (isSubsequence(a, w) || isSubsequence(w, a))) return 0.9;
  const shared = [...new Set(a)].filter((c) => w.includes(c)).length;
  if (shared < 2) return 0;
  const dice = (2 * shared) / ([...a].length + [...w].length);
  return dice >= 0.5 ? dice * 0.8 : 0;
}

/** The names among `names` of an asked unit's family (a score of at least 0.4). */
export function unitFamily(asked: string, names: readonly string[]): string[] {
  return names.filter((n) => unitFamilyScore(asked, n) >= 0.4);
}

// 办 and 局 that begin a word (办理, 局面) are not a unit's head.
const HEAD_IN_TEXT_RE = /(?:委员会|办公室|服务中心|中心|分局|局(?![面势限部])|委(?![托屈婉])|办(?![理事法好成结件公]))/g;

/**
 * Unit names a question writes in a form no table lists (南湖区住建局, 滨河发改局): each 局/委/办/中心 with the
 * words before it (after the last 区, else two to four characters), matched by family to the known names.
 */
export function unitsByFamily(text: string, names: readonly string[]): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(HEAD_IN_TEXT_RE)) {
    const before = text.slice(Math.max(0, m.index - 8), m.index);
    const afterDistrict = before.lastIndexOf("区");
    const stems =
      afterDistrict >= 0 && before.length - afterDistrict - 1 >= 2
        ? [before.slice(afterDistrict + 1)]
        : [2, 3, 4].filter((n) => before.length >= n).map((n) => before.slice(-n));
    let bestNames: string[] = [];
    let best = 0;
    for (const stem of stems) {
      if (/[^\p{Script=Han}]/u.test(stem)) continue;
      const asked = `${stem}${m[0]}`;
      const family = unitFamily(asked, names);
      const score = Math.max(0, ...family.map((n) => unitFamilyScore(asked, n)));
      if (score > best) [best, bestNames] = [score, family];
    }
    for (const n of bestNames) out.add(n);
  }
  // A unit named by an abbreviation alone, with where it sits (住建那边, 发改部门). Not a unit's full words
  // (税务那边 is as much the tax side of a topic as the tax bureau).
  for (const m of text.matchAll(IMPLIED_HEAD_RE)) {
    const before = text.slice(Math.max(0, m.index - 6), m.index).replace(/^.*区/, "");
    for (const n of [4, 3, 2]) {
      const stem = before.slice(-n);
      if (stem.length < n || /[^\p{Script=Han}]/u.test(stem)) continue;
      const family = names.filter((name) => {
        const score = unitFamilyScore(`${stem}局`, name);
        return score >= 0.9 && score < 1;
      });
      if (family.length) {
        for (const name of family) out.add(name);
        break;
      }
    }
  }
  return [...out];
}

/** Where a unit named without its head noun sits in a question: 住建那边, 发改部门, 税务这块. */
const IMPLIED_HEAD_RE = /那边|这边|那块|这块|部门|条线/g;
