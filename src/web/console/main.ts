/*
 * Operator console for 12345 hotline staff: ask as the chat does, see the answer and its clauses, pick the clause to
 * read out, edit the script, browse plans and units. All server text is inserted as text.
 */
import type { Answer, Citation } from "../../answer/schema.ts";
import type { PlanMeta } from "../../plan/schema.ts";
import type { UnitContact } from "../contacts.ts";
import { ChatFailure } from "../shared/chat.ts";
import { copyText, el } from "../shared/dom.ts";
import { requestJson } from "../shared/http.ts";
import {
  callerScript,
  initialScript,
  LOW_CONFIDENCE_GUIDANCE,
  REFUSAL_GUIDANCE,
  STATUS_ZH,
  statusFromDates,
  unitNames,
  where,
} from "./script.ts";
import { FAILURE_ZH } from "./strings.ts";

const $ = <T extends HTMLElement = HTMLElement>(sel: string) => document.querySelector<T>(sel)!;
const api = <T>(path: string, body?: unknown, signal?: AbortSignal) => requestJson<T>(path, { body, signal });
const failureText = (err: unknown) => (err instanceof ChatFailure ? FAILURE_ZH[err.kind] : FAILURE_ZH.server);

type PlanSummary = PlanMeta & { measures: number; clauses: number };
let plans: PlanSummary[] = [];
let contactsOn = false;

// ---- searching: one request per search (the answer brings its clauses), and only the newest reply is shown ----
let seq = 0;
let inFlight: AbortController | null = null;
let answer: Answer | null = null;
let listed: Citation[] = [];
let picked: Citation | null = null;
let feedbackAvailable = true;

async function search(q: string) {
  const question = q.trim();
  if (!question) return;
  selectTab("answer");
  const mine = ++seq;
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  const district = $<HTMLSelectElement>("#district").value || undefined;
  const box = $("#answer");
  box.className = "";
  box.textContent = "查询中…";
  $("#script-box").hidden = true;
  $("#clauses").replaceChildren();
  try {
    const result = await api<Answer>("/api/chat", { message: question, district, channel: "console" }, controller.signal);
    if (mine !== seq) return;
    showAnswer(result);
  } catch (err) {
    if (mine !== seq || (err as Error).name === "AbortError") return;
    box.className = "not-found";
    box.textContent = `查询失败：${failureText(err)}`;
  } finally {
    if (inFlight === controller) inFlight = null;
  }
}

function confidenceBadge(a: Answer): HTMLElement | null {
  const level = a.confidenceLevel;
  if (!level || a.status === "not_found") return null;
  const text = { high: "依据明确", medium: "可能相关，请核对条款", low: "把握不大：请核对条款，或改用下面其他条款" }[level];
  return el("span", { class: `badge ${level}` }, text);
}

function showAnswer(a: Answer) {
  answer = a;
  const box = $("#answer");
  box.className = a.status === "answered" || a.status === "partial" ? "" : "not-found";
  const badge = confidenceBadge(a);
  box.replaceChildren(...(badge ? [badge, el("br")] : []), a.answer);
  const seen = new Set<string>();
  listed = [...a.citations, ...(a.alternatives ?? [])].filter((c) => !seen.has(c.id) && seen.add(c.id));
  picked = a.status === "not_found" ? null : (a.citations[0] ?? null);
  fillUnitFilter();
  renderClauses();
  $("#mark-wrong").hidden = !a.answerId || !feedbackAvailable;
  $("#mark-hint").hidden = true;
  document.body.classList.remove("marking");
  $("#script-box").hidden = false;
  resetScript();
}

async function resetScript() {
  const guidance = $("#guidance");
  const refusal = !picked;
  // A refusal says what to do; a low-confidence answer says to check the clause before reading it out.
  const uncertain = !refusal && answer?.confidenceLevel === "low" && picked?.id === answer.citations[0]?.id;
  guidance.hidden = !refusal && !uncertain;
  guidance.replaceChildren(...(refusal ? REFUSAL_GUIDANCE : [LOW_CONFIDENCE_GUIDANCE]).map((line) => el("p", {}, line)));
  const area = $<HTMLTextAreaElement>("#script");
  area.value = picked ? callerScript(picked) : initialScript(answer!);
  if (picked?.units.length && contactsOn) {
    const forClause = picked;
    const contacts = await unitContacts(forClause);
    if (picked === forClause && contacts.length) area.value = callerScript(forClause, contacts);
  }
}

async function unitContacts(c: Citation): Promise<UnitContact[]> {
  if (!contactsOn || !c.units.length) return [];
  const q = new URLSearchParams({ district: c.district, units: c.units.map((u) => u.name).join(",") });
  return api<{ contacts: UnitContact[] }>(`/api/contacts?${q}`)
    .then((r) => r.contacts)
    .catch(() => []);
}

function fillUnitFilter() {
  const select = $<HTMLSelectElement>("#unit-filter");
  const units = [...new Set(listed.flatMap((c) => c.units.map((u) => u.name)))];
  select.replaceChildren(el("option", { value: "" }, "全部单位"), ...units.map((u) => el("option", { value: u }, u)));
}

function renderClauses() {
  const unit = $<HTMLSelectElement>("#unit-filter").value;
  const shown = unit ? listed.filter((c) => c.units.some((u) => u.name === unit)) : listed;
  $("#clauses").replaceChildren(
    ...(shown.length
      ? shown.map(clauseItem)
      : [el("li", { class: "empty" }, answer?.status === "not_found" ? "方案中没有匹配的条款。" : "没有符合筛选的条款。")]),
  );
}

function clauseItem(c: Citation): HTMLElement {
  const isPicked = picked?.id === c.id;
  const alternative = !answer?.citations.some((x) => x.id === c.id);
  const use = el("button", { type: "button", class: "use", "aria-pressed": String(isPicked) }, isPicked ? "话术所用条款" : "用于话术");
  use.addEventListener("click", () => {
    picked = c;
    renderClauses();
    resetScript();
  });
  const copyId = el("button", { type: "button", class: "secondary copy-id" }, "复制编号");
  copyId.addEventListener("click", async () => {
    const ok = await copyText(c.id);
    flash(ok ? `已复制编号 ${c.id}` : "复制失败");
  });
  const right = el("button", { type: "button", class: "right" }, "这条才对");
  right.addEventListener("click", () => markWrong(c.id));
  return el(
    "li",
    { "data-citation": c.id, class: isPicked ? "picked" : "" },
    el(
      "div",
      { class: "clause-head" },
      `${c.district}《${c.planTitle}》${where(c)}`,
      c.planStatus ? el("span", { class: `status ${c.planStatus}` }, STATUS_ZH[c.planStatus]) : null,
      alternative ? el("span", { class: "alt" }, "备选") : null,
    ),
    el("div", { class: "path" }, c.sectionPath.join(" > ")),
    el("div", {}, c.text),
    c.deadline ? el("div", { class: "deadline" }, `完成时限：${c.deadline.text}`) : null,
    el("div", { class: "units" }, c.units.length ? `责任单位：${unitNames(c)}` : "未列明责任单位"),
    el("div", { class: "clause-actions" }, use, copyId, right, el("code", {}, c.id)),
  );
}

function flash(text: string) {
  $("#copied").textContent = text;
  setTimeout(() => ($("#copied").textContent = ""), 2500);
}

async function copyScript() {
  if ($("#script-box").hidden) return;
  const ok = await copyText($<HTMLTextAreaElement>("#script").value);
  flash(ok ? "已复制话术" : "复制失败");
}

function startMarking() {
  document.body.classList.add("marking");
  $("#mark-hint").hidden = false;
  $("#clauses").querySelector<HTMLButtonElement>(".right")?.focus();
}

/** Records that the answer was wrong and, when the operator picked one, which listed clause was right. */
async function markWrong(clauseId: string | null) {
  if (!answer?.answerId) return;
  try {
    await api("/api/feedback", { answerId: answer.answerId, rating: "down", ...(clauseId ? { clauseId } : {}) });
    flash(clauseId ? `已记录：正确条款为 ${clauseId}` : "已记录：答错了");
  } catch (err) {
    if (err instanceof ChatFailure && err.status === 404) {
      feedbackAvailable = false;
      $("#mark-wrong").hidden = true;
    }
    flash(`记录失败：${failureText(err)}`);
  } finally {
    document.body.classList.remove("marking");
    $("#mark-hint").hidden = true;
  }
}

// ---- tabs ----
const TABS = ["answer", "plans", "units"] as const;
function selectTab(name: (typeof TABS)[number], focus = false) {
  for (const t of TABS) {
    const tab = $(`#tab-${t}`);
    const on = t === name;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $(`#panel-${t}`).hidden = !on;
    if (on && focus) tab.focus();
  }
}

function markCurrent(list: HTMLElement, button: HTMLElement) {
  list.querySelectorAll("button").forEach((b) => b.removeAttribute("aria-current"));
  button.setAttribute("aria-current", "true");
}

// ---- plans and units ----
function planFacts(meta: PlanMeta & { status?: string }): HTMLElement {
  const status = statusFromDates(meta, new Date().toISOString().slice(0, 10));
  const rows: [string, string | null | undefined][] = [
    ["文号", meta.docNumber],
    ["发文单位", meta.issuer],
    ["发布日期", meta.issueDate],
    ["施行日期", meta.effectiveDate],
    ["有效期", meta.period?.text],
    ["状态", status ? STATUS_ZH[status] : "未注明日期"],
  ];
  return el("dl", { class: "facts" }, ...rows.filter(([, v]) => v).flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v!)]));
}

async function showPlan(id: string, button: HTMLElement) {
  markCurrent($("#plan-list"), button);
  const out = $("#plan-outline");
  try {
    const plan = await api<{ meta: PlanMeta; outline: { heading: string; clauses: Citation[] }[] }>(`/api/plans/${encodeURIComponent(id)}`);
    out.replaceChildren(
      el("h2", {}, plan.meta.title),
      planFacts(plan.meta),
      ...plan.outline.flatMap((g) => [
        el("h3", {}, g.heading),
        ...g.clauses.map((c) =>
          el(
            "p",
            { "data-citation": c.id },
            `${c.measure != null ? `${c.measure}. ` : ""}${c.text}${c.units.length ? `（${unitNames(c)}）` : ""}`,
          ),
        ),
      ]),
    );
  } catch (err) {
    out.replaceChildren(el("p", { class: "error" }, `加载失败：${failureText(err)}`));
  }
  out.focus();
}

async function showUnit(name: string, button: HTMLElement) {
  markCurrent($("#unit-list"), button);
  const out = $("#unit-detail");
  try {
    const unit = await api<{ name: string; nameEn: string | null; clauses: (Citation & { role: string })[] }>(
      `/api/units/${encodeURIComponent(name)}`,
    );
    const contact = contactsOn
      ? await api<{ contacts: UnitContact[] }>(`/api/contacts?${new URLSearchParams({ units: unit.name })}`).then(
          (r) => r.contacts[0] ?? null,
          () => null,
        )
      : null;
    out.replaceChildren(
      el("h2", {}, `${unit.name}${unit.nameEn ? ` · ${unit.nameEn}` : ""}（${unit.clauses.length}项）`),
      contact
        ? el(
            "p",
            { class: "contact" },
            [
              contact.phone && `电话：${contact.phone}`,
              contact.address && `地址：${contact.address}`,
              contact.hours && `办公时间：${contact.hours}`,
              contact.url,
            ]
              .filter(Boolean)
              .join("　"),
          )
        : "",
      ...unit.clauses.map((c) =>
        el(
          "p",
          { "data-citation": c.id },
          `${c.district} ${where(c)}${c.role !== "responsible" ? `（${c.role === "lead" ? "牵头" : "配合"}）` : ""}：${c.text}`,
        ),
      ),
    );
  } catch (err) {
    out.replaceChildren(el("p", { class: "error" }, `加载失败：${failureText(err)}`));
  }
  out.focus();
}

function filterUnits(text: string) {
  const q = text.trim();
  $("#unit-list")
    .querySelectorAll<HTMLElement>("li")
    .forEach((li) => {
      li.hidden = !!q && !(li.dataset.name ?? "").includes(q);
    });
}

async function init() {
  const [p, units, config] = await Promise.all([
    api<PlanSummary[]>("/api/plans"),
    api<{ name: string; nameEn: string | null; measureCount: number }[]>("/api/units"),
    api<{ contacts: boolean }>("/api/widget/config").catch(() => ({ contacts: false })),
  ]);
  plans = p;
  contactsOn = config.contacts;
  for (const d of [...new Set(plans.map((x) => x.district))]) $("#district").append(el("option", { value: d }, d));
  $("#plan-list").replaceChildren(
    ...plans.map((x) => {
      const b = el("button", { type: "button" }, `${x.district} · ${x.title}（${x.measures || x.clauses}）`);
      b.addEventListener("click", () => showPlan(x.id, b));
      return el("li", {}, b);
    }),
  );
  $("#unit-list").replaceChildren(
    ...units.map((u) => {
      const b = el("button", { type: "button", "data-unit": u.name }, `${u.name}（${u.measureCount}）`);
      b.addEventListener("click", () => showUnit(u.name, b));
      return el("li", { "data-name": `${u.name} ${u.nameEn ?? ""}` }, b);
    }),
  );
}

// ---- wiring and shortcuts: single keys outside text fields, so they work on macOS and in Firefox alike ----
$("#search").addEventListener("submit", (e) => {
  e.preventDefault();
  search($<HTMLInputElement>("#q").value);
});
$("#copy").addEventListener("click", copyScript);
$("#reset-script").addEventListener("click", () => resetScript());
$("#mark-wrong").addEventListener("click", startMarking);
$("#none-right").addEventListener("click", () => markWrong(null));
$("#unit-filter").addEventListener("change", renderClauses);
$("#unit-search").addEventListener("input", (e) => filterUnits((e.target as HTMLInputElement).value));
for (const t of TABS) $(`#tab-${t}`).addEventListener("click", () => selectTab(t));
$(".tabs").addEventListener("keydown", (e) => {
  const { key } = e as KeyboardEvent;
  if (key !== "ArrowRight" && key !== "ArrowLeft") return;
  const current = TABS.findIndex((t) => $(`#tab-${t}`).getAttribute("aria-selected") === "true");
  selectTab(TABS[(current + (key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length]!, true);
});

const SHORTCUTS: Record<string, () => void> = {
  Slash: () => {
    $<HTMLInputElement>("#q").focus();
    $<HTMLInputElement>("#q").select();
  },
  Digit1: () => selectTab("answer", true),
  Digit2: () => selectTab("plans", true),
  Digit3: () => selectTab("units", true),
  KeyC: () => copyScript(),
  KeyE: () => {
    if ($("#script-box").hidden) return;
    selectTab("answer");
    $("#script").focus();
  },
};

document.addEventListener("keydown", (e) => {
  const target = e.target as HTMLElement;
  const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
  if (e.key === "Escape" && typing) {
    if (target.id === "q") $<HTMLInputElement>("#q").value = "";
    target.blur();
    return;
  }
  if (typing || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
  // By physical key (e.code), so a Chinese or other layout and macOS Option remappings do not matter; "/" also by its character.
  const action = SHORTCUTS[e.code] ?? (e.key === "/" ? SHORTCUTS.Slash : undefined);
  if (!action) return;
  e.preventDefault();
  action();
});

init().catch((err) => {
  $("#answer").textContent = `加载失败：${failureText(err)}`;
});
