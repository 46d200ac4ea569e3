import type { PolicyIndex } from "../index/store.ts";
import { canonicalUnit } from "../ingest/units.ts";
import type { ClauseHit } from "../retrieve/hybrid.ts";
import { toTraditional, type Lang } from "../understand/script.ts";
import type { Understanding } from "../understand/understand.ts";
import { citationOf, planMeta, reference, unitList } from "./cite.ts";
import type { Answer, Citation } from "./schema.ts";
import type { OutOfScope } from "./scope.ts";
import { type FactKind, MESSAGES } from "./messages.ts";
import { bestSentences, excerpt } from "./sentences.ts";
import { type IntentPolicy, intentOf } from "./intents.ts";

/**
 * The offline answer: deterministic and extractive. It leads with the direct answer (units, figure or
 * measure), then quotes the clause with its plan, measure number or section, and responsible units.
 * Nothing in it is generated: every fact is copied from a clause.
 */
export function composeAnswer(index: PolicyIndex, u: Understanding, hits: ClauseHit[], intent: IntentPolicy = intentOf(u)): Answer {
  const citations = intent.pick(u, hits).map((h) => citationOf(index, h.clause));
  const ctx: Ctx = { index, u, lang: u.lang, query: `${u.retrievalText} ${u.expansion.join(" ")}` };
  // Clauses from several districts for a question that named none are laid out side by side.
  const spread = new Set(citations.map((c) => c.district)).size > 1 && u.districts.length !== 1;
  const body = (spread && intent.name !== "unit-list" ? compareAnswer : COMPOSERS[intent.compose])(ctx, citations);
  return { answer: script(u, body), status: "answered", lang: u.lang, mode: "extractive", citations };
}

/** The answer layouts, by name: the intent registry (intents.ts) says which one an intent uses. */
export const COMPOSERS = {
  unit: (ctx: Ctx, c: Citation[]) => unitAnswer(ctx, c),
  compare: (ctx: Ctx, c: Citation[]) => compareAnswer(ctx, c),
  who: (ctx: Ctx, c: Citation[]) => whoAnswer(ctx, c),
  target: (ctx: Ctx, c: Citation[]) => targetAnswer(ctx, c),
  general: (ctx: Ctx, c: Citation[]) => generalAnswer(ctx, c),
};
export type ComposerName = keyof typeof COMPOSERS;

export interface Ctx {
  index: PolicyIndex;
  u: Understanding;
  lang: Lang;
  query: string;
}

export function script(u: Pick<Understanding, "traditional">, text: string): string {
  return u.traditional ? toTraditional(text) : text;
}

const hasFigure = (s: string) => /\d|[一二两三四五六七八九十]个?(?:月|天|周|工作日)/.test(s);

function quote(ctx: Ctx, c: Citation, max = 160, prefer?: (s: string) => boolean): string {
  return `“${excerpt(bestSentences(c.text, ctx.query, ctx.index.tokenizer, 2, prefer), c.text, max)}”`;
}

function unitsSentence(ctx: Ctx, c: Citation): string {
  if (!c.units.length) return ctx.lang === "zh" ? "该条未列明责任单位。" : "The plan names no responsible unit for this section.";
  return ctx.lang === "zh"
    ? `（${unitList(c.units, "zh").replace(/^(?!责任|牵头|配合)/, "责任单位：")}）`
    : `Responsible units: ${unitList(c.units, "en")}.`;
}

function ref(ctx: Ctx, c: Citation): string {
  return reference(c, planMeta(ctx.index, c.planId), ctx.lang);
}

/** Further clauses, named briefly when they come from the plan already named. */
function seeAlso(ctx: Ctx, rest: Citation[], first: Citation): string {
  if (!rest.length) return "";
  const brief = (c: Citation) => {
    if (c.planId !== first.planId) return ref(ctx, c);
    if (ctx.lang === "zh") return c.measure !== null ? `第${c.measure}条` : c.sectionPath.join("");
    return c.measure !== null ? `measure ${c.measure}` : `section ${c.sectionPath.join(" ")}`;
  };
  const items = rest.map((c) => (ctx.lang === "zh" ? `${brief(c)}${c.units.length ? `（${unitList(c.units, "zh")}）` : ""}` : brief(c)));
  return ctx.lang === "zh" ? `\n\n相关条款：${items.join("；")}。` : `\n\nSee also: ${items.join("; ")}.`;
}

function whoAnswer(ctx: Ctx, [first, ...rest]: Citation[]): string {
  const c = first!;
  const lead =
    ctx.lang === "zh"
      ? c.units.length
        ? `根据${ref(ctx, c)}，负责单位是：${unitList(c.units, "zh")}。`
        : `${ref(ctx, c)}涉及这一事项，但方案未列明责任单位。`
      : c.units.length
        ? `Under ${ref(ctx, c)}, the responsible units are: ${unitList(c.units, "en")}.`
        : `${capital(ref(ctx, c))} covers this, but the plan names no responsible unit.`;
  const quoteLine = ctx.lang === "zh" ? `\n\n原文：${quote(ctx, c)}` : `\n\nClause (Chinese original): ${quote(ctx, c)}`;
  return lead + quoteLine + seeAlso(ctx, rest, c);
}

function targetAnswer(ctx: Ctx, [first, ...rest]: Citation[]): string {
  const c = first!;
  const clause = ctx.index.clauses.get(c.id)!;
  const figures = clause.targets.map((t) => t.text);
  const lead =
    ctx.lang === "zh"
      ? `${ref(ctx, c)}提出：${quote(ctx, c, 200, hasFigure)}`
      : `${capital(ref(ctx, c))} ${figures.length ? `sets these figures: ${[...new Set(figures)].join(", ")}` : "addresses this"}.\n\nClause (Chinese original): ${quote(ctx, c, 200, hasFigure)}`;
  return `${lead}\n${unitsSentence(ctx, c)}${seeAlso(ctx, rest, c)}`;
}

function generalAnswer(ctx: Ctx, [first, ...rest]: Citation[]): string {
  const c = first!;
  const lead =
    ctx.lang === "zh"
      ? `${ref(ctx, c)}规定：${quote(ctx, c, 200)}`
      : `The most relevant provision is ${ref(ctx, c)}${c.measure === null ? "" : ` (${c.sectionPath.join(" ")})`}.\n\nClause (Chinese original): ${quote(ctx, c, 200)}`;
  return `${lead}\n${unitsSentence(ctx, c)}${seeAlso(ctx, rest, c)}`;
}

function unitAnswer(ctx: Ctx, citations: Citation[]): string {
  const units = ctx.u.units;
  const byPlan = new Map<string, Citation[]>();
  for (const c of citations) byPlan.set(c.planId, [...(byPlan.get(c.planId) ?? []), c]);
  const sections = [...byPlan.values()].map((list) => {
    const sorted = [...list].sort((a, b) => (a.measure ?? 0) - (b.measure ?? 0));
    const items = sorted.map((c) => {
      const where = c.measure !== null ? (ctx.lang === "zh" ? `第${c.measure}条` : `measure ${c.measure}`) : c.sectionPath.join("");
      const role = c.units.find((x) => units.includes(x.name) || (x.canonical != null && units.includes(x.canonical)))?.role;
      const roleNote = role ? (ctx.lang === "zh" ? `（${ROLE_NOTE_ZH[role]}）` : ` (${ROLE_NOTE_EN[role]})`) : "";
      return `- ${where}${roleNote}：${excerpt(bestSentences(c.text, "", ctx.index.tokenizer, 1), c.text, 60)}`;
    });
    const meta = planMeta(ctx.index, list[0]!.planId);
    const names = units.map((n) => (ctx.lang === "zh" ? n : unitDisplayEn(n))).join(ctx.lang === "zh" ? "、" : ", ");
    const head =
      ctx.lang === "zh"
        ? `${names}在《${meta.title}》中负责${list.length}项${list[0]!.measure !== null ? "措施" : "内容"}：`
        : `${names} is responsible for ${list.length} item(s) in ${meta.titleEn ? `${meta.titleEn} (${meta.title})` : meta.title}:`;
    return `${head}\n${items.join("\n")}`;
  });
  return sections.join("\n\n");
}

const ROLE_NOTE_ZH = { responsible: "责任单位", lead: "牵头", support: "配合" } as const;
const ROLE_NOTE_EN = { responsible: "responsible", lead: "lead", support: "supporting" } as const;

function unitDisplayEn(name: string): string {
  const { nameEn } = canonicalUnit(name);
  return nameEn ? `${nameEn} (${name})` : name;
}

function compareAnswer(ctx: Ctx, citations: Citation[]): string {
  const byDistrict = new Map<string, Citation[]>();
  for (const c of citations) byDistrict.set(c.district, [...(byDistrict.get(c.district) ?? []), c]);
  const parts = [...byDistrict].map(([district, list]) => {
    const c = list[0]!;
    const meta = planMeta(ctx.index, c.planId);
    const units = c.units.length
      ? ctx.lang === "zh"
        ? `（${unitList(c.units, "zh")}）`
        : ` Responsible units: ${unitList(c.units, "en")}.`
      : "";
    return ctx.lang === "zh"
      ? `【${district}】${ref(ctx, c)}：${quote(ctx, c, 150)}${units}`
      : `${meta.districtEn ?? district}: ${ref(ctx, c)}: ${quote(ctx, c, 150)}${units}`;
  });
  return parts.join("\n\n");
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The districts a reply speaks for: those the question (or the widget page) is about, or every covered one. */
export function coveredDistricts(index: PolicyIndex, u: Pick<Understanding, "districts" | "lang">): string {
  const metas = index.plans.map((p) => p.meta).filter((m) => !u.districts.length || u.districts.includes(m.district));
  const names = [...new Set(metas.map((m) => (u.lang === "zh" ? m.district : (m.districtEn ?? m.district))))];
  return names.join(MESSAGES[u.lang].and);
}

/** The plain "not covered" answer, pointing to the 12345 hotline; it names only the districts in scope. */
export function notFoundAnswer(
  index: PolicyIndex,
  u: Understanding,
  reason: OutOfScope,
  unstated?: { fact: FactKind; nearest: Citation },
): Answer {
  const covered = coveredDistricts(index, u);
  const m = MESSAGES[u.lang].notFound;
  const text = unstated
    ? m.unstated(covered, MESSAGES[u.lang].facts[unstated.fact], ref({ index, u, lang: u.lang, query: "" }, unstated.nearest))
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
    alternatives: unstated ? [unstated.nearest] : [],
  };
}
