import type { UnitRef } from "../plan/schema.ts";
import { canonicalUnit, unitFamilyScore } from "../ingest/units.ts";
import { type EvidencedHit, sentences } from "../retrieve/retriever.ts";
import { toTraditional, type Lang } from "../understand/script.ts";
import type { Understanding } from "../understand/understand.ts";
import { type Corpus, citationOf, placeOf, planMeta, reference, unitList } from "./cite.ts";
import type { Answer, Citation } from "./schema.ts";
import type { OutOfScope } from "./scope.ts";
import { type FactKind, MESSAGES } from "./messages.ts";
import { bestSentences, excerpt } from "./sentences.ts";
import { levelOf } from "./confidence.ts";
import { type IntentPolicy, intentOf } from "./intents.ts";

/**
 * The offline answer: deterministic and extractive. It leads with the direct answer (units, figure or
 * measure), then quotes the clause with its plan, measure number or section, and responsible units.
 * Nothing in it is generated: every fact is copied from a clause.
 */
/** An answer before the assistant rates it: confidence and alternatives come from the whole ranking. */
export type ComposedAnswer = Omit<Answer, "confidence" | "confidenceLevel" | "alternatives">;

export function composeAnswer(corpus: Corpus, u: Understanding, hits: EvidencedHit[], intent: IntentPolicy = intentOf(u)): ComposedAnswer {
  const picked = intent.pick(u, hits);
  const cited = picked.map((h) => citationOf(corpus, h.clause));
  // A unit's list cites first the measures it leads (or the role asked for: 配合哪些), then the rest, each in ranking order.
  const citations = intent.compose === "unit" ? byRole(u, cited, { topical: asksTopicBesideUnit(u, picked[0]) }) : cited;
  const ctx: Ctx = { corpus, u, lang: u.lang, hits: new Map(picked.map((h) => [h.id, h])) };
  // Clauses from several districts for a question that named none are laid out side by side.
  const spread = new Set(citations.map((c) => c.district)).size > 1 && u.districts.length !== 1;
  const body = (spread && intent.spreads ? compareAnswer : COMPOSERS[intent.compose])(ctx, citations);
  return { answer: script(u, body), status: "answered", lang: u.lang, mode: "extractive", citations };
}

/** The answer layouts, by name: the intent registry (intents.ts) says which one an intent uses. */
export const COMPOSERS = {
  unit: (ctx: Ctx, c: Citation[]) => unitAnswer(ctx, c),
  compare: (ctx: Ctx, c: Citation[]) => compareAnswer(ctx, c),
  who: (ctx: Ctx, c: Citation[]) => whoAnswer(ctx, c),
  deadline: (ctx: Ctx, c: Citation[]) => deadlineAnswer(ctx, c),
  target: (ctx: Ctx, c: Citation[]) => targetAnswer(ctx, c),
  general: (ctx: Ctx, c: Citation[]) => generalAnswer(ctx, c),
};
export type ComposerName = keyof typeof COMPOSERS;

export interface Ctx {
  /** The plans (titles, districts, status); clauses come from the hits. */
  corpus: Corpus;
  u: Understanding;
  lang: Lang;
  /** The cited hits by citation id: their clauses and sentence evidence. */
  hits: ReadonlyMap<string, EvidencedHit>;
}

export function script(u: Pick<Understanding, "traditional">, text: string): string {
  return u.traditional ? toTraditional(text) : text;
}

const hasFigure = (s: string) => /\d|[一二两三四五六七八九十]个?(?:月|天|周|工作日)/.test(s);

function quote(ctx: Ctx, c: Citation, max = 160, prefer?: (s: string) => boolean): string {
  return `“${excerpt(bestSentences(ctx.hits.get(c.id)!.sentences(), 2, prefer), c.text, max)}”`;
}

function unitsSentence(ctx: Ctx, c: Citation): string {
  const m = MESSAGES[ctx.lang].compose;
  return c.units.length ? m.units(unitList(c.units, ctx.lang)) : m.noUnits;
}

/**
 * The clause's own deadline (a 完成时限 column, or a date its text gives) when what is already said does not
 * quote it: a caller asking how fast, or who, is told by when too, in the plan's words.
 */
function deadlineNote(ctx: Ctx, c: Citation, said: string): string {
  if (!c.deadline || said.includes(c.deadline.text)) return "";
  return MESSAGES[ctx.lang].compose.deadlineNote(c.deadline.text, c.deadline.date);
}

function ref(ctx: Ctx, c: Citation): string {
  return reference(c, planMeta(ctx.corpus, c.planId), ctx.lang);
}

function where(ctx: Ctx, c: Citation): string {
  // A number that restarts per section is named with its section (第二部分（三）第2条), never bare.
  return placeOf(c, ctx.lang);
}

/** Further clauses, named briefly when they come from the plan already named. */
function seeAlso(ctx: Ctx, rest: Citation[], first: Citation): string {
  if (!rest.length) return "";
  const m = MESSAGES[ctx.lang].compose;
  const items = rest.map((c) =>
    m.seeAlsoItem(c.planId !== first.planId ? ref(ctx, c) : where(ctx, c), c.units.length ? unitList(c.units, ctx.lang) : ""),
  );
  return m.seeAlso(items);
}

function whoAnswer(ctx: Ctx, [first, ...rest]: Citation[]): string {
  const c = first!;
  const m = MESSAGES[ctx.lang].compose;
  const lead = c.units.length ? m.who(ref(ctx, c), unitList(c.units, ctx.lang)) : m.whoNoUnits(ref(ctx, c));
  const said = lead + m.quoteLine(quote(ctx, c));
  return said + deadlineNote(ctx, c, said) + seeAlso(ctx, rest, c);
}

function targetAnswer(ctx: Ctx, [first, ...rest]: Citation[]): string {
  const c = first!;
  const figures = ctx.hits.get(c.id)!.clause.targets.map((t) => t.text);
  const lead = MESSAGES[ctx.lang].compose.target(ref(ctx, c), figures, quote(ctx, c, 200, hasFigure));
  return `${lead}\n${unitsSentence(ctx, c)}${deadlineNote(ctx, c, lead)}${otherFigures(ctx, rest)}${seeAlso(ctx, rest, c)}`;
}

/** The words that ask for a figure: a question with two of them asks two figures. */
const FIGURE_ASK =
  /多少|几(?=[个项条种家天次成批年月%％]|\p{Script=Han})|多久|多长时间|多快|比例|\bhow (?:many|much|long|fast|soon)\b|\bwhat (?:percentage|share|rate|number)\b/giu;

/**
 * A question asking two figures (技能大师工作室建几家，培训多少人次) may find the second in another cited
 * clause: the sentence of each further clause that has a figure and shares the question's words is quoted too.
 */
function otherFigures(ctx: Ctx, rest: Citation[]): string {
  // With two figures asked, a one-sentence clause (its words not scored) is quoted for its figure alone.
  const two = (ctx.u.question.match(FIGURE_ASK) ?? []).length >= 2;
  const m = MESSAGES[ctx.lang].compose;
  const lines = rest.slice(0, 2).flatMap((c) => {
    const hit = ctx.hits.get(c.id);
    if (!hit || (!two && !hit.clause.targets.length)) return [];
    const sentences = hit.sentences();
    const best = sentences
      .filter((x) => (x.overlap > 0 || (two && sentences.length === 1)) && hasFigure(x.text))
      .sort((a, b) => b.overlap - a.overlap)[0];
    return best ? [m.otherFigure(where(ctx, c), `“${excerpt([best.text], c.text, 120)}”`)] : [];
  });
  return lines.join("");
}

/** The first clause's own deadline, or a plain "none stated": a date is never taken from another clause. */
function deadlineAnswer(ctx: Ctx, [first, ...rest]: Citation[]): string {
  const c = first!;
  const m = MESSAGES[ctx.lang].compose;
  const lead = c.deadline ? m.deadline(ref(ctx, c), c.deadline.text, c.deadline.date) : m.noDeadline(ref(ctx, c));
  return `${lead}${m.quoteLine(quote(ctx, c, 200))}\n${unitsSentence(ctx, c)}${seeAlso(ctx, rest, c)}`;
}

function generalAnswer(ctx: Ctx, [first, ...rest]: Citation[]): string {
  const c = first!;
  const lead = MESSAGES[ctx.lang].compose.general(ref(ctx, c), c.sectionPath, c.measure !== null, quote(ctx, c, 200));
  return `${lead}\n${unitsSentence(ctx, c)}${deadlineNote(ctx, c, lead)}${seeAlso(ctx, rest, c)}`;
}

/** The role a unit question asks about (区发改局牵头哪些 → lead; 配合哪些工作 → support), or null. */
const ASKED_ROLE: [UnitRef["role"], RegExp][] = [
  ["lead", /牵头|主导|主抓|\bleads?\b|\bleading\b|\bin the lead\b/i],
  ["support", /配合|协助|协办|参与|\bsupport(?:s|ing)?\b|\bassist(?:s|ing)?\b|\bco-?operat/i],
];
function askedRole(question: string): UnitRef["role"] | null {
  return ASKED_ROLE.find(([, re]) => re.test(question))?.[0] ?? null;
}

/**
 * The question's units as each plan writes them: the alias table's names, a plan's own, their canonical form;
 * with `family`, also a name of the same family closely (区政务服务和大数据局 asked, 区政务服务中心 written: the
 * retrieval's unit match lists that unit's measures, so the answer names it). The order of the list keeps to
 * the exact names.
 */
function namesUnit(units: string[], { family = false } = {}): (x: UnitRef) => boolean {
  return (x) =>
    units.includes(x.name) ||
    (x.canonical != null && units.includes(x.canonical)) ||
    units.includes(canonicalUnit(x.name).name) ||
    (family && units.some((n) => unitFamilyScore(n, x.name) >= CLOSE_FAMILY));
}
/** An abbreviation or the same words under another head (unitFamilyScore). */
const CLOSE_FAMILY = 0.9;

/**
 * How a clause stands to the unit asked about: 0 in the role asked for (牵头哪些 → lead; with none asked,
 * leading, or first of the responsible units), 1 in another role (a supporting unit's measures after the ones
 * it leads). With none asked, a unit listed after others under one 责任单位 (区建管委、区规划资源局、区发改委) comes
 * after the measures it heads: the unit written first is, by the plans' convention, the one that leads.
 */
function roleRank(u: Understanding): (c: Citation) => number {
  const named = namesUnit(u.units);
  const asked = askedRole(u.question);
  if (asked) return (c) => (c.units.some((x) => named(x) && x.role === asked) ? 0 : 1);
  return (c) => {
    const at = c.units.findIndex(named);
    const x = c.units[at];
    if (!x || x.role === "support") return 2;
    if (x.role === "lead") return 0;
    return c.units.slice(0, at).some((y) => y.role === "responsible") ? 1 : 0;
  };
}

/**
 * Whether the best clause answers a topic of the question's own besides the unit (房地产登记交易税务联办，
 * 涉及哪几个部门): two concepts or more matched that are no part of the unit's name. Then the ranking, not the
 * order units are written in, says which measure comes first.
 */
function asksTopicBesideUnit(u: Understanding, best: EvidencedHit | undefined): boolean {
  // English: the glossary reads the unit's own English name into concepts (development and reform → 改革).
  if (u.lang !== "zh") return false;
  const own = (best?.evidence?.matched ?? []).filter((c) => !u.units.some((n) => n.includes(c) || c.includes(n)));
  return own.length >= 2;
}

/** Stable: the asked-for role first, each group in the order it came. */
function byRole(u: Understanding, citations: Citation[], { topical = false } = {}): Citation[] {
  const ranked = roleRank(u);
  // A question with a topic of its own keeps its ranking within "responsible" (only lead / support reorder).
  const rank = topical && !askedRole(u.question) ? (c: Citation) => (ranked(c) === 2 ? 1 : 0) : ranked;
  return citations
    .map((c, i) => ({ c, i, r: rank(c) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.c);
}

/** A unit's measures plan by plan, read out by number; with a role asked for (牵头哪些), that role's first. */
function unitListOrder(u: Understanding, citations: Citation[]): Citation[] {
  const rank = askedRole(u.question) ? roleRank(u) : () => 0;
  const byPlan = new Map<string, Citation[]>();
  for (const c of citations) byPlan.set(c.planId, [...(byPlan.get(c.planId) ?? []), c]);
  return [...byPlan.values()].flatMap((list) => [...list].sort((a, b) => rank(a) - rank(b) || (a.measure ?? 0) - (b.measure ?? 0)));
}

function unitAnswer(ctx: Ctx, citations: Citation[]): string {
  const units = ctx.u.units;
  const m = MESSAGES[ctx.lang].compose;
  // The question names units by the alias table's names; each plan is answered with its own (never renamed).
  const named = namesUnit(units, { family: true });
  const byPlan = new Map<string, Citation[]>();
  for (const c of unitListOrder(ctx.u, citations)) byPlan.set(c.planId, [...(byPlan.get(c.planId) ?? []), c]);
  const sections = [...byPlan.values()].map((list) => {
    const sorted = list;
    const roles = sorted.map((c) => c.units.find(named)?.role);
    const lead = roles.filter((r) => r === "lead").length;
    const support = roles.filter((r) => r === "support").length;
    const items = sorted.map((c) => {
      const at = c.measure !== null ? m.measure(c.measure) : c.sectionPath.join("");
      const role = c.units.find(named)?.role;
      return `- ${at}${role ? m.role(m.roles[role]) : ""}：${excerpt(sentences(c.text).slice(0, 1), c.text, 60)}`;
    });
    const meta = planMeta(ctx.corpus, list[0]!.planId);
    const written = [...new Map(list.flatMap((c) => c.units.filter(named)).map((x) => [x.name, x])).values()];
    const cite = MESSAGES[ctx.lang].cite;
    const names = (
      written.length
        ? written.map(cite.unitName)
        : units.map((n) => cite.unitName({ name: n, nameEn: canonicalUnit(n).nameEn, role: "responsible" }))
    ).join(MESSAGES[ctx.lang].list);
    // Where the plan says who leads and who supports, the head says how many of each the unit has.
    // (Only when the roles differ: each item says its role, and a list of one role needs no sum.)
    const split = new Set(roles).size > 1 && (lead || support) ? m.roleCounts(lead, support) : "";
    const head = m
      .unitHead(names, list.length, meta.title, meta.titleEn, list[0]!.measure !== null)
      .replace(/[：:]$/, (colon) => `${split}${colon}`);
    return `${head}\n${items.join("\n")}`;
  });
  return sections.join("\n\n");
}

function compareAnswer(ctx: Ctx, citations: Citation[]): string {
  const m = MESSAGES[ctx.lang].compose;
  const byDistrict = new Map<string, Citation[]>();
  for (const c of citations) byDistrict.set(c.district, [...(byDistrict.get(c.district) ?? []), c]);
  const nameOf = (district: string) => {
    const meta = ctx.corpus.plans.find((p) => p.meta.district === district)?.meta;
    return meta ? MESSAGES[ctx.lang].cite.district(meta) : district;
  };
  const parts = [...byDistrict].map(([district, list]) => {
    const c = list[0]!;
    return m.compareItem(nameOf(district), ref(ctx, c), quote(ctx, c, 150), c.units.length ? unitList(c.units, ctx.lang) : "");
  });
  // Every district asked about is named, the ones whose plan says nothing on it too.
  const asked = ctx.u.districts.length >= 2 ? ctx.u.districts : [];
  for (const d of asked) if (!byDistrict.has(d)) parts.push(m.compareNone(nameOf(d)));
  return parts.join("\n\n");
}

/** The districts a reply speaks for: those the question (or the widget page) is about, or every covered one. */
export function coveredDistricts(corpus: Corpus, u: Pick<Understanding, "districts" | "lang">): string {
  const metas = corpus.plans.map((p) => p.meta).filter((m) => !u.districts.length || u.districts.includes(m.district));
  const names = [...new Set(metas.map(MESSAGES[u.lang].cite.district))];
  return names.join(MESSAGES[u.lang].and);
}

/** The plain "not covered" answer, pointing to the 12345 hotline; it names only the districts in scope. */
export function notFoundAnswer(
  corpus: Corpus,
  u: Understanding,
  { reason, unstated, confidence }: { reason: OutOfScope; unstated?: { fact: FactKind; nearest: Citation }; confidence: number },
): Answer {
  const covered = coveredDistricts(corpus, u);
  const m = MESSAGES[u.lang].notFound;
  const text = unstated
    ? m.unstated(covered, MESSAGES[u.lang].facts[unstated.fact], ref({ corpus, u, lang: u.lang, hits: new Map() }, unstated.nearest))
    : reason === "other_place"
      ? m.otherPlace(covered, u.otherPlaces.join(MESSAGES[u.lang].list))
      : reason === "instructions" || reason === "chit_chat"
        ? m.offTopic(covered)
        : m.noMatch(covered);
  return {
    answer: script(u, text),
    status: "not_found",
    lang: u.lang,
    mode: "extractive",
    citations: [],
    confidence,
    confidenceLevel: levelOf(confidence),
    alternatives: unstated ? [unstated.nearest] : [],
  };
}
