/*
 * Operator console for 12345 hotline staff: ask as the chat does, see the matching clauses, browse plans
 * and units, and copy a short script to read to the caller. All server text is inserted as text.
 */

const $ = (sel) => document.querySelector(sel);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v == null) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c != null) node.append(typeof c === "string" ? document.createTextNode(c) : c);
  return node;
}

async function api(path, body) {
  const res = await fetch(
    path,
    body ? { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) } : {},
  );
  const json = await res.json();
  if (!res.ok) throw new Error((json.error && json.error.message) || `HTTP ${res.status}`);
  return json;
}

const where = (c) => (c.measure != null ? `第${c.measure}条` : c.sectionPath.join(""));
const unitNames = (c) =>
  c.units.map((u) => (u.role === "responsible" ? u.name : `${u.name}（${u.role === "lead" ? "牵头" : "配合"}）`)).join("、");

/** The short script read to a caller: which measure, what it provides, which unit handles it. */
function callerScript(answer) {
  if (answer.status !== "answered" || !answer.citations.length) return answer.answer;
  const c = answer.citations[0];
  const first = c.text.split(/(?<=[。；])/)[0];
  const units = c.units.length ? `此项由${unitNames(c)}负责。` : "方案未列明责任单位。";
  return `您好，根据《${c.planTitle}》${where(c)}：${first}${units}如需办理，可向上述单位咨询，或继续拨打12345。`;
}

let lastAnswer = null;

async function search(q) {
  const question = q.trim();
  if (!question) return;
  selectTab("answer");
  const district = $("#district").value || undefined;
  const box = $("#answer");
  box.className = "";
  box.textContent = "查询中…";
  $("#clauses").replaceChildren();
  $("#copy").disabled = true;
  try {
    const [answer, hits] = await Promise.all([
      api("/api/chat", { message: question, district }),
      api(`/api/search?${new URLSearchParams({ q: question, k: "8", ...(district ? { district } : {}) })}`),
    ]);
    lastAnswer = answer;
    box.textContent = answer.answer;
    box.className = answer.status === "answered" ? "" : "not-found";
    $("#copy").disabled = false;
    $("#clauses").replaceChildren(...hits.map(clauseItem));
  } catch (err) {
    box.className = "not-found";
    box.textContent = `查询失败：${err.message}`;
  }
}

function clauseItem(c) {
  return el(
    "li",
    { "data-citation": c.id },
    el("div", { class: "clause-head" }, `${c.district}《${c.planTitle}》${where(c)}`),
    el("div", { class: "path" }, c.sectionPath.join(" > ")),
    el("div", {}, c.text),
    el("div", { class: "units" }, c.units.length ? `责任单位：${unitNames(c)}` : "未列明责任单位"),
  );
}

async function copyScript() {
  if (!lastAnswer) return;
  const text = callerScript(lastAnswer);
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = el("textarea", {}, text);
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  $("#copied").textContent = "已复制话术";
  setTimeout(() => ($("#copied").textContent = ""), 2500);
}

const TABS = ["answer", "plans", "units"];
function selectTab(name, focus = false) {
  for (const t of TABS) {
    const tab = $(`#tab-${t}`);
    const on = t === name;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $(`#panel-${t}`).hidden = !on;
    if (on && focus) tab.focus();
  }
}

function markCurrent(list, button) {
  for (const b of list.querySelectorAll("button")) b.removeAttribute("aria-current");
  button.setAttribute("aria-current", "true");
}

async function showPlan(id, button) {
  markCurrent($("#plan-list"), button);
  const plan = await api(`/api/plans/${encodeURIComponent(id)}`);
  const out = $("#plan-outline");
  out.replaceChildren(
    el("h2", {}, plan.meta.title),
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
  out.focus();
}

async function showUnit(name, button) {
  markCurrent($("#unit-list"), button);
  const unit = await api(`/api/units/${encodeURIComponent(name)}`);
  const out = $("#unit-detail");
  out.replaceChildren(
    el("h2", {}, `${unit.name}${unit.nameEn ? ` · ${unit.nameEn}` : ""}（${unit.clauses.length}项）`),
    ...unit.clauses.map((c) =>
      el(
        "p",
        { "data-citation": c.id },
        `${c.district} ${where(c)}${c.role !== "responsible" ? `（${c.role === "lead" ? "牵头" : "配合"}）` : ""}：${c.text}`,
      ),
    ),
  );
  out.focus();
}

async function init() {
  const [plans, units] = await Promise.all([api("/api/plans"), api("/api/units")]);
  for (const d of [...new Set(plans.map((p) => p.district))]) $("#district").append(el("option", { value: d }, d));
  $("#plan-list").replaceChildren(
    ...plans.map((p) => {
      const b = el("button", { type: "button" }, `${p.district} · ${p.title}（${p.measures || p.clauses}）`);
      b.addEventListener("click", () => showPlan(p.id, b));
      return el("li", {}, b);
    }),
  );
  $("#unit-list").replaceChildren(
    ...units.map((u) => {
      const b = el("button", { type: "button", "data-unit": u.name }, `${u.name}（${u.measureCount}）`);
      b.addEventListener("click", () => showUnit(u.name, b));
      return el("li", {}, b);
    }),
  );
}

$("#search").addEventListener("submit", (e) => {
  e.preventDefault();
  search($("#q").value);
});
$("#copy").addEventListener("click", copyScript);
for (const t of TABS) $(`#tab-${t}`).addEventListener("click", () => selectTab(t));
$(".tabs").addEventListener("keydown", (e) => {
  if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
  const current = TABS.findIndex((t) => $(`#tab-${t}`).getAttribute("aria-selected") === "true");
  selectTab(TABS[(current + (e.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length], true);
});
document.addEventListener("keydown", (e) => {
  const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
  if (e.key === "/" && !typing) {
    e.preventDefault();
    $("#q").focus();
    $("#q").select();
  } else if (e.altKey && ["1", "2", "3"].includes(e.key)) {
    e.preventDefault();
    selectTab(TABS[Number(e.key) - 1], true);
  } else if (e.altKey && (e.key === "c" || e.key === "C" || e.code === "KeyC")) {
    e.preventDefault();
    copyScript();
  } else if (e.key === "Escape" && e.target === $("#q")) {
    $("#q").value = "";
  }
});

init().catch((err) => {
  $("#answer").textContent = `加载失败：${err.message}`;
});
