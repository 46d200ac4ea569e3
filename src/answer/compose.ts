import type { PolicyIndex } from "../index/store.ts";
import type { UnitRef } from "../plan/schema.ts";
import { canonicalUnit } from "../ingest/units.ts";
import type { ClauseHit } from "../retrieve/hybrid.ts";
import { toTraditional, type Lang } from "../understand/script.ts";
import type { Understanding } from "../understand/understand.ts";
import { citationOf, planMeta, reference, unitList } from "./cite.ts";
import type { Answer, Citation } from "./schema.ts";
import type { OutOfScope } from "./scope.ts";
import { bestSentences, excerpt } from "./sentences.ts";

/**
 * The offline answer: deterministic and extractive. It leads with the direct answer (units, figure or
 * measure), then quotes the clause with its plan, measure number or section, and responsible units.
 * Nothing in it is generated: every fact is copied from a clause.
 */
export function composeAnswer(index: PolicyIndex, u: Understanding, hits: ClauseHit[]): Answer {
  const citations = pickCitations(u, hits).map((h) => citationOf(index, h.clause));
  const ctx: Ctx = { index, u, lang: u.lang, query: `${u.retrievalText} ${u.expansion.join(" ")}` };
  const body =
    u.intent === "unit" && u.units.length
      ? unitAnswer(ctx, citations)
      : u.intent === "compare" || (new Set(citations.map((c) => c.district)).size > 1 && u.districts.length !== 1)
        ? compareAnswer(ctx, citations)
        : u.intent === "who"
          ? whoAnswer(ctx, citations)
          : u.intent === "target"
            ? targetAnswer(ctx, citations)
            : generalAnswer(ctx, citations);
  return { answer: script(u, body), status: "answered", lang: u.lang, mode: "extractive", citations };
}

interface Ctx {
  index: PolicyIndex;
  u: Understanding;
  lang: Lang;
  query: string;
}

function script(u: Understanding, text: string): string {
  return u.traditional ? toTraditional(text) : text;
}

function pickCitations(u: Understanding, hits: ClauseHit[]): ClauseHit[] {
  if (u.intent === "unit" && u.units.length) return hits.slice(0, 12);
  if (u.intent === "compare" || u.districts.length >= 2) {
    const perDistrict = new Map<string, ClauseHit[]>();
    for (const h of hits) {
      const list = perDistrict.get(h.clause.planId) ?? [];
      if (list.length < 2) list.push(h);
      perDistrict.set(h.clause.planId, list);
    }
    return [...perDistrict.values()].flatMap((l) => l).sort((a, b) => hits.indexOf(a) - hits.indexOf(b));
  }
  return hits.slice(0, 3);
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
  const named = (x: UnitRef) => units.includes(x.canonical ?? x.name) || units.includes(canonicalUnit(x.name).name);
  const byPlan = new Map<string, Citation[]>();
  for (const c of citations) byPlan.set(c.planId, [...(byPlan.get(c.planId) ?? []), c]);
  const sections = [...byPlan.values()].map((list) => {
    const sorted = [...list].sort((a, b) => (a.measure ?? 0) - (b.measure ?? 0));
    const items = sorted.map((c) => {
      const where = c.measure !== null ? (ctx.lang === "zh" ? `第${c.measure}条` : `measure ${c.measure}`) : c.sectionPath.join("");
      const role = c.units.find(named)?.role;
      const roleNote =
        role && role !== "responsible" ? (ctx.lang === "zh" ? `（${role === "lead" ? "牵头" : "配合"}）` : ` (${role})`) : "";
      return `- ${where}${roleNote}：${excerpt(bestSentences(c.text, "", ctx.index.tokenizer, 1), c.text, 60)}`;
    });
    const meta = planMeta(ctx.index, list[0]!.planId);
    // Each plan's own name for the unit, as written there (another district's office is never renamed).
    const written = [...new Map(list.flatMap((c) => c.units.filter(named)).map((x) => [x.name, x])).values()];
    const names = written.length
      ? written.map((x) => (ctx.lang === "zh" || !x.nameEn ? x.name : `${x.nameEn} (${x.name})`)).join(ctx.lang === "zh" ? "、" : ", ")
      : units.map((n) => (ctx.lang === "zh" ? n : unitDisplayEn(n))).join(ctx.lang === "zh" ? "、" : ", ");
    const head =
      ctx.lang === "zh"
        ? `${names}在《${meta.title}》中负责${list.length}项${list[0]!.measure !== null ? "措施" : "内容"}：`
        : `${names} is responsible for ${list.length} item(s) in ${meta.titleEn ? `${meta.titleEn} (${meta.title})` : meta.title}:`;
    return `${head}\n${items.join("\n")}`;
  });
  return sections.join("\n\n");
}

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

const COVERED = (index: PolicyIndex, lang: Lang) =>
  [...new Set(index.plans.map((p) => (lang === "zh" ? p.meta.district : (p.meta.districtEn ?? p.meta.district))))].join(
    lang === "zh" ? "、" : " and ",
  );

/** The plain "not covered" answer, pointing to the 12345 hotline. */
export function notFoundAnswer(index: PolicyIndex, u: Understanding, reason: OutOfScope): Answer {
  const covered = COVERED(index, u.lang);
  let text: string;
  if (u.lang === "zh") {
    text =
      reason === "other_place"
        ? `目前收录的营商环境行动方案只覆盖${covered}，不包含${u.otherPlaces.join("、")}的政策，无法回答这个问题。请拨打12345市民服务热线咨询。`
        : reason === "instructions" || reason === "chit_chat"
          ? `我只能回答${covered}营商环境行动方案中的政策问题，例如“电子印章由谁负责？”。其他问题请拨打12345市民服务热线。`
          : `${covered}的营商环境行动方案中没有找到与这个问题直接相关的内容。请拨打12345市民服务热线咨询。`;
  } else {
    text =
      reason === "other_place"
        ? `The action plans I cover are those of ${covered} in Shanghai; they do not cover ${u.otherPlaces.join(", ")}, so I cannot answer this. Please call the 12345 citizen service hotline.`
        : reason === "instructions" || reason === "chit_chat"
          ? `I can only answer questions about the business-environment action plans of ${covered}, for example "Who handles electronic seals?". For anything else, please call the 12345 citizen service hotline.`
          : `The business-environment action plans of ${covered} do not cover this question. Please call the 12345 citizen service hotline.`;
  }
  return { answer: script(u, text), status: "not_found", lang: u.lang, mode: "extractive", citations: [] };
}
