import type { Answer, Citation } from "../../answer/schema.ts";
import type { UnitContact } from "../contacts.ts";
import { el, linkedText } from "../shared/dom.ts";
import type { Strings } from "./strings.ts";

export interface PlanInfo {
  id: string;
  title: string;
  titleEn: string | null;
  district: string;
  districtEn: string | null;
}

/** What rendering an answer needs besides the answer: language, plan names, contacts, and how to keep a chip in view. */
export interface ViewContext {
  lang: "zh" | "en";
  t: Strings;
  plans: Map<string, PlanInfo>;
  contacts: (units: string[], district: string) => Promise<UnitContact[]>;
  reveal(node: HTMLElement): void;
  uid(): string;
}

const unitName = (ctx: ViewContext, u: Citation["units"][number]) => (ctx.lang === "en" && u.nameEn ? `${u.nameEn} (${u.name})` : u.name);

function where(ctx: ViewContext, c: Citation): string {
  if (c.kind === "plan") return ctx.t.plan;
  if (c.measure != null) return ctx.t.measure(c.measure);
  // Section headings exist only in Chinese; English mode says "Section" rather than mixing languages.
  return ctx.lang === "en" ? ctx.t.section : (c.sectionPath.at(-1) ?? "");
}

function districtName(ctx: ViewContext, c: Citation): string {
  return ctx.lang === "en" ? (ctx.plans.get(c.planId)?.districtEn ?? c.district) : c.district;
}

function planTitle(ctx: ViewContext, c: Citation): string {
  const p = ctx.plans.get(c.planId);
  return ctx.lang === "en" ? (p?.titleEn ?? c.planTitle) : `《${c.planTitle}》`;
}

export function citationLabel(ctx: ViewContext, c: Citation): string {
  const units = c.units
    .slice(0, 2)
    .map((u) => (ctx.lang === "en" ? (u.nameEn ?? u.name) : u.name))
    .join(ctx.t.listSep);
  return `${districtName(ctx, c)} · ${where(ctx, c)}${units ? ` · ${units}${c.units.length > 2 ? "…" : ""}` : ""}`;
}

function contactLine(ctx: ViewContext, c: UnitContact): HTMLElement {
  const { t } = ctx;
  const parts: (Node | string)[] = [el("strong", {}, c.unit)];
  if (c.phone) parts.push(` · ${t.phone}${t.colon}`, el("a", { href: `tel:${c.phone.replace(/[^\d+]/g, "")}` }, c.phone));
  if (c.address) parts.push(` · ${t.address}${t.colon}${c.address}`);
  if (c.hours) parts.push(` · ${t.hours}${t.colon}${c.hours}`);
  if (c.url) parts.push(" · ", el("a", { href: c.url, target: "_blank", rel: "noopener noreferrer" }, t.website));
  return el("p", { class: "contact" }, ...parts);
}

/** The quoted clause, its units with their contacts (when the district supplies them) and its deadline. */
function clauseDetail(ctx: ViewContext, c: Citation, id: string): HTMLElement {
  const { t } = ctx;
  const units = c.units.length ? c.units.map((u) => unitName(ctx, u)).join(t.listSep) : t.noUnits;
  const contacts = el("div", {});
  const detail = el(
    "div",
    { class: "clause", id, hidden: true },
    el("h3", {}, `${planTitle(ctx, c)}${ctx.lang === "en" ? ", " : ""}${where(ctx, c)}`),
    ctx.lang === "zh" && c.sectionPath.length ? el("p", {}, c.sectionPath.join(" > ")) : null,
    el("p", { lang: "zh-CN" }, c.text),
    el("p", {}, `${t.units}${t.colon}${units}`),
    c.deadline ? el("p", {}, `${t.deadline}${t.colon}`, el("span", { lang: "zh-CN" }, c.deadline.text)) : null,
    contacts,
  );
  if (c.units.length)
    ctx
      .contacts(
        c.units.map((u) => u.name),
        c.district,
      )
      .then((list) => contacts.replaceChildren(...list.map((x) => contactLine(ctx, x))))
      .catch(() => {});
  return detail;
}

/** Citation chips; each opens its clause in place, keeping the chip where it is. */
export function citationChips(ctx: ViewContext, citations: Citation[], label?: string): HTMLElement {
  const chips = el("div", { class: "chips" });
  const box = el("div", {});
  for (const c of citations) {
    const id = ctx.uid();
    const chip = el(
      "button",
      { class: "chip", type: "button", "aria-expanded": "false", "aria-controls": id, "data-citation": c.id },
      citationLabel(ctx, c),
    );
    let detail: HTMLElement | null = null;
    chip.addEventListener("click", () => {
      detail ??= box.appendChild(clauseDetail(ctx, c, id));
      const open = chip.getAttribute("aria-expanded") !== "true";
      chip.setAttribute("aria-expanded", String(open));
      detail.hidden = !open;
      if (open) ctx.reveal(detail);
    });
    chips.append(chip);
  }
  return el("div", { class: "cites" }, label ? el("p", { class: "label" }, label) : null, chips, box);
}

/** The 12345 link and, when the directory has them, the contacts of the units cited last. */
export function handoffCard(ctx: ViewContext, units: string[], district: string | null): HTMLElement {
  const { t } = ctx;
  const contacts = el("div", {});
  const card = el(
    "div",
    { class: "handoff" },
    el("p", { class: "text" }, t.humanText),
    el("a", { class: "tel", href: "tel:12345" }, t.hotline),
    contacts,
  );
  if (units.length && district)
    ctx
      .contacts(units, district)
      .then((list) => {
        if (list.length) contacts.replaceChildren(el("p", { class: "label" }, t.contactsFor), ...list.map((x) => contactLine(ctx, x)));
      })
      .catch(() => {});
  return card;
}

/** Confidence as the user sees it: a badge on every answer (refusals aside); a caution and the alternatives when it is low. */
export function confidenceParts(ctx: ViewContext, answer: Answer): { badge: HTMLElement | null; low: HTMLElement | null } {
  // The page may be served an older server's answer, without a level: then no badge.
  const level = answer.confidenceLevel as Answer["confidenceLevel"] | undefined;
  if (!level || (answer.status !== "answered" && answer.status !== "partial")) return { badge: null, low: null };
  const badge = el("span", { class: `badge ${level}` }, ctx.t.confidence[level]);
  if (level !== "low") return { badge, low: null };
  const alts = (answer.alternatives ?? []).filter((a) => !answer.citations.some((c) => c.id === a.id));
  return {
    badge,
    low: el(
      "div",
      {},
      el("p", { class: "caution" }, ctx.t.lowConfidence),
      alts.length ? citationChips(ctx, alts, ctx.t.alternatives) : null,
    ),
  };
}

export { linkedText };
