/*
 * 政策助手 chat widget. Embed with one tag:
 *   <script src="https://ASSISTANT_HOST/widget.js" data-district="普陀区" data-lang="zh" async></script>
 * Optional: data-title, data-color (#rrggbb), data-starters ("问题一|问题二").
 *
 * It renders inside a Shadow DOM, so the host page's CSS cannot reach it and its CSS cannot leak out; it adds no
 * landmark to the host page. It talks to the assistant that served this script (CORS, allowed by WIDGET_ORIGINS).
 * Everything the model or the corpus says is inserted as text, never as HTML.
 */
import type { Answer, Citation } from "../../answer/schema.ts";
import type { UnitContact } from "../contacts.ts";
import { ChatFailure, type FailureKind, streamChat } from "../shared/chat.ts";
import { copyText, el, linkedText } from "../shared/dom.ts";
import { StreamingText } from "../shared/streaming-text.ts";
import { citationChips, confidenceParts, handoffCard, type ViewContext } from "./answer-view.ts";
import { CSS } from "./css.ts";
import { failureBubble } from "./failure-view.ts";
import { contrastWithWhite, fetchWidgetConfig, type SetupProblem, setupMessage, TAG, timeout, type WidgetConfig } from "./setup.ts";
import { Conversation } from "./store.ts";
import { STRINGS } from "./strings.ts";

const STILL_THINKING_MS = 4000;

function boot() {
  const script = document.currentScript as HTMLScriptElement | null;
  const w = window as unknown as { __policyAssistantWidget?: boolean };
  if (!script || w.__policyAssistantWidget) return;
  w.__policyAssistantWidget = true;

  const API = new URL(script.src, location.href).origin;
  const data = script.dataset;
  const lang = data.lang === "en" ? "en" : "zh";
  if (data.lang && data.lang !== "en" && data.lang !== "zh")
    console.warn(`${TAG} data-lang="${data.lang}" is not "zh" or "en"; using Chinese.`);
  const t = STRINGS[lang];
  const writtenDistrict = data.district?.trim() ?? "";
  let district: string | null = null;
  let config: WidgetConfig | null = null;
  let setupFailure: FailureKind | null = null;
  let feedbackAvailable = true;

  // ---- the shadow root and its parts ----
  const host = document.createElement("policy-assistant");
  host.id = "policy-assistant-widget";
  const root = host.attachShadow({ mode: "open" });
  // A constructed sheet: host pages whose CSP forbids inline styles still style the widget.
  if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } else root.append(el("style", {}, CSS));

  const wrapper = el("div", { class: "root" });
  const color = data.color?.trim();
  if (color) {
    if (/^#[0-9a-f]{6}$/i.test(color) && contrastWithWhite(color) >= 4.5) wrapper.style.setProperty("--accent", color);
    else console.warn(`${TAG} data-color="${color}" ignored: use #rrggbb dark enough for white text (contrast ≥ 4.5:1).`);
  }
  const title = data.title?.trim() || t.title;
  let idCounter = 0;
  const uid = () => `pa-${++idCounter}`;

  const launcher = el(
    "button",
    { class: "launcher", type: "button", "aria-expanded": "false", "aria-controls": "pa-panel", onclick: () => toggle(true) },
    t.launcher,
    el("span", { class: "sr" }, t.launcherHint),
  );
  const log = el("div", { class: "log", role: "log", "aria-label": t.log, tabindex: "0" });
  const status = el("div", { class: "status", role: "status" });
  const input = el("textarea", { id: "pa-input", placeholder: t.placeholder, "aria-label": t.inputLabel, maxlength: "2000", rows: "1" });
  const sendButton = el("button", { type: "submit" }, t.send);
  const subtitle = el("p", {}, t.subtitle(null));
  const form = el(
    "form",
    {
      onsubmit: (e: Event) => {
        e.preventDefault();
        if (current) current.abort();
        else ask(input.value);
      },
    },
    input,
    sendButton,
  );
  const panel = el(
    "div",
    {
      class: "panel",
      id: "pa-panel",
      role: "dialog",
      "aria-modal": "false",
      "aria-labelledby": "pa-title",
      hidden: true,
      lang: lang === "zh" ? "zh-CN" : "en",
    },
    el(
      "div",
      { class: "head" },
      el("div", { class: "titles" }, el("h2", { id: "pa-title" }, title), subtitle),
      el("button", { type: "button", class: "new", onclick: () => newConversation() }, t.newChat),
      el("button", { type: "button", class: "human", onclick: () => showHandoff() }, t.human),
      el("button", { type: "button", class: "close", onclick: () => toggle(false) }, t.close),
    ),
    log,
    form,
    el("div", { class: "foot" }, t.disclaimer),
    status,
  );
  wrapper.append(launcher, panel);
  root.append(wrapper);

  const ctx: ViewContext = {
    lang,
    t,
    plans: new Map(),
    uid,
    contacts: (units, d) => fetchContacts(units, d),
    reveal: (node) => reveal(node),
  };

  // ---- opening, closing, focus ----
  const fullScreen = () => window.matchMedia("(max-width: 30rem), (max-height: 32rem)").matches;
  let savedOverflow: string | null = null;
  function toggle(open = panel.hidden, focus = true) {
    panel.hidden = !open;
    rememberOpen(open);
    launcher.setAttribute("aria-expanded", String(open));
    const modal = open && fullScreen();
    panel.setAttribute("aria-modal", String(modal));
    // Full screen, the page behind must not scroll.
    if (modal && savedOverflow === null) {
      savedOverflow = document.documentElement.style.overflow;
      document.documentElement.style.overflow = "hidden";
    } else if (!modal && savedOverflow !== null) {
      document.documentElement.style.overflow = savedOverflow;
      savedOverflow = null;
    }
    if (open) {
      // The server was down when the page loaded: try again now that the visitor wants it.
      if (!config && !setupFailure && !configLoading) ready = loadConfig().finally(() => renderAll());
      if (!log.childElementCount) renderAll();
      else if (log.scrollTop === 0) openAtLastQuestion();
      if (focus) input.focus();
    } else if (focus) launcher.focus();
  }

  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      if (!current) ask(input.value);
    }
  });
  root.addEventListener("keydown", (e) => {
    const ke = e as KeyboardEvent;
    if (ke.key === "Escape" && !panel.hidden) {
      ke.stopPropagation();
      toggle(false);
    } else if (ke.key === "Tab" && !panel.hidden && panel.getAttribute("aria-modal") === "true") trapFocus(ke);
  });
  function trapFocus(e: KeyboardEvent) {
    const focusable = Array.from(panel.querySelectorAll<HTMLElement>("button, a[href], textarea, [tabindex='0']")).filter(
      (n) => !n.closest("[hidden]") && !(n as HTMLButtonElement).disabled,
    );
    const first = focusable[0];
    const last = focusable.at(-1);
    const active = root.activeElement;
    if (e.shiftKey && active === first) {
      e.preventDefault();
      last?.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first?.focus();
    }
  }

  /** Brings a node into the log's view without moving what the user was looking at more than needed. */
  function reveal(node: HTMLElement) {
    const top = offsetIn(node);
    const bottom = top + node.offsetHeight;
    if (bottom > log.scrollTop + log.clientHeight) log.scrollTop = Math.min(top - 8, bottom - log.clientHeight + 8);
    else if (top < log.scrollTop) log.scrollTop = top - 8;
  }
  const offsetIn = (node: HTMLElement) => node.getBoundingClientRect().top - log.getBoundingClientRect().top + log.scrollTop;
  /** A new question: show it at the top, so its answer opens at its start however long it is. */
  function showFromStart(node: HTMLElement) {
    log.scrollTop = Math.max(0, offsetIn(node) - 8);
  }

  function announce(text: string) {
    status.textContent = text;
  }

  // ---- the conversation ----
  const storeKey = `policy-assistant:v1:${API}:${writtenDistrict}:${lang}`;
  const conversation = new Conversation(storeKey);
  /** Whether the panel was open, so a reload (or the next page of the site) reopens it. */
  function rememberOpen(open: boolean) {
    try {
      sessionStorage.setItem(`${storeKey}:open`, open ? "1" : "0");
    } catch {
      // Storage blocked: the panel simply starts closed.
    }
  }
  const wasOpen = () => {
    try {
      return sessionStorage.getItem(`${storeKey}:open`) === "1";
    } catch {
      return false;
    }
  };
  let current: AbortController | null = null;
  let lastUnits: { units: string[]; district: string | null } = { units: [], district: null };

  function districtsText(): string {
    const ds = config?.districts ?? [];
    if (!ds.length) return lang === "zh" ? "本区" : "this district";
    return ds.map((d) => (lang === "en" ? (d.nameEn ?? d.name) : d.name)).join(t.listSep);
  }

  function starterList(): string[] {
    const fromPage = data.starters
      ?.split("|")
      .map((s) => s.trim())
      .filter(Boolean);
    return fromPage?.length ? fromPage : (config?.starters ?? []);
  }

  function questionButtons(questions: string[], label: string): HTMLElement | null {
    if (!questions.length) return null;
    return el(
      "div",
      { class: "suggest" },
      el("p", { class: "label" }, label),
      ...questions.map((q) => el("button", { type: "button", class: "ask", onclick: () => ask(q) }, q)),
    );
  }

  function welcome(): HTMLElement {
    return el(
      "div",
      { class: "msg bot welcome" },
      el("span", { class: "text" }, linkedText(t.welcome(districtsText()))),
      questionButtons(starterList(), t.startersLabel),
    );
  }

  function renderAll() {
    log.replaceChildren(welcome());
    if (setupFailure) log.append(failureBubble(t, setupFailure, null));
    for (const turn of conversation.turns) {
      if (turn.role === "user") log.append(userBubble(turn.text));
      else log.append(answerBubble(turn.answer, turn.note));
    }
    openAtLastQuestion();
  }

  /** A restored conversation opens at its last question, so its answer reads from the start. */
  function openAtLastQuestion() {
    const questions = log.querySelectorAll<HTMLElement>(".msg.user");
    const last = questions[questions.length - 1];
    if (last && !panel.hidden) showFromStart(last);
  }

  function newConversation() {
    current?.abort();
    conversation.clear();
    lastUnits = { units: [], district: null };
    renderAll();
    input.focus();
  }

  function showHandoff() {
    const bubble = el("div", { class: "msg bot" }, el("strong", {}, t.humanTitle), handoffCard(ctx, lastUnits.units, lastUnits.district));
    log.append(bubble);
    reveal(bubble);
  }

  const userBubble = (text: string) =>
    el(
      "div",
      { class: "msg user", lang: /[\u4e00-\u9fff]/.test(text) ? "zh-CN" : "en" },
      el("span", { class: "sr" }, `${t.you}${t.colon}`),
      text,
    );

  /** A finished answer: text with 12345 as a link, confidence, citations, actions, follow-ups, handoff where needed. */
  function answerBubble(answer: Answer, note?: string, bubble = el("div", { class: "msg bot" })): HTMLElement {
    const { badge, low } = confidenceParts(ctx, answer);
    bubble.className = `msg bot${low ? " low" : ""}`;
    bubble.setAttribute("lang", answer.lang === "en" ? "en" : "zh-CN");
    bubble.setAttribute("aria-busy", "false");
    const text = el("span", { class: "text" }, linkedText(answer.answer));
    const copy = el("button", { type: "button", class: "act copy" }, t.copy);
    copy.addEventListener("click", async () => {
      const ok = await copyText(answerWithSources(answer), root);
      announce(ok ? t.copied : t.copyFailed);
      copy.textContent = ok ? t.copied : t.copyFailed;
      setTimeout(() => (copy.textContent = t.copy), 2000);
    });
    const actions = el("div", { class: "actions" }, copy, ...feedbackButtons(answer));
    const parts: (Node | null)[] = [
      el("span", { class: "sr" }, `${t.assistant}${t.colon}`),
      badge,
      badge ? el("br", {}) : null,
      text,
      note ? el("span", { class: "note" }, note) : null,
      low,
      answer.citations.length ? citationChips(ctx, answer.citations) : null,
      answer.status === "handoff" || answer.status === "not_found"
        ? handoffCard(ctx, unitsOf(answer.citations), answer.citations[0]?.district ?? district)
        : null,
      actions,
    ];
    bubble.replaceChildren(...parts.filter((p): p is Node => p !== null));
    return bubble;
  }

  function feedbackButtons(answer: Answer): HTMLElement[] {
    if (!answer.answerId || !feedbackAvailable) return [];
    const send = async (rating: "up" | "down", buttons: HTMLButtonElement[]) => {
      buttons.forEach((b) => (b.disabled = true));
      const res = await fetch(`${API}/api/feedback`, {
        signal: timeout(),
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ answerId: answer.answerId, rating }),
      }).catch(() => null);
      if (res?.status === 404) {
        // The server keeps no feedback: hide the buttons everywhere.
        feedbackAvailable = false;
        Array.from(root.querySelectorAll(".rate")).forEach((b) => b.remove());
        return;
      }
      announce(res?.ok ? t.thanks : t.failure.server);
      if (!res?.ok) buttons.forEach((b) => (b.disabled = false));
    };
    const up = el("button", { type: "button", class: "act rate", "aria-label": t.helpful }, "👍");
    const down = el("button", { type: "button", class: "act rate", "aria-label": t.notHelpful }, "👎");
    up.addEventListener("click", () => send("up", [up, down]));
    down.addEventListener("click", () => send("down", [up, down]));
    return [up, down];
  }

  function answerWithSources(answer: Answer): string {
    const sources = answer.citations.map(
      (c) => `${c.district}《${c.planTitle}》${c.measure != null ? STRINGS.zh.measure(c.measure) : c.sectionPath.join(" ")}`,
    );
    return sources.length ? `${answer.answer}\n\n${[...new Set(sources)].join("\n")}` : answer.answer;
  }

  const unitsOf = (citations: Citation[]) => [...new Set(citations.flatMap((c) => c.units.map((u) => u.name)))];

  async function ask(raw: string, opts: { retry?: boolean } = {}) {
    const question = raw.trim();
    if (!question || current) return;
    if (panel.hidden) toggle(true);
    input.value = "";
    if (setupFailure) {
      const b = failureBubble(t, setupFailure, null);
      log.append(userBubble(question), b);
      reveal(b);
      return;
    }
    const history = conversation.history();
    const userNode = opts.retry ? null : log.appendChild(userBubble(question));

    let anchored = false;
    const anchor = () => {
      if (anchored) return;
      anchored = true;
      showFromStart(userNode ?? bubble);
    };
    const text = new StreamingText(anchor);
    const thinking = el("span", { class: "thinking" }, t.thinking.replace(/…$/, ""), el("span", { class: "dots" }));
    const body = el("span", { class: "text" }, thinking);
    const bubble = el("div", { class: "msg bot busy", "aria-busy": "true" }, el("span", { class: "sr" }, `${t.assistant}${t.colon}`), body);
    log.append(bubble);
    showFromStart(userNode ?? bubble);
    const controller = new AbortController();
    current = controller;
    setBusy(true);
    const still = setTimeout(() => (thinking.firstChild!.textContent = t.stillThinking.replace(/…$/, "")), STILL_THINKING_MS);
    let replacedNote: string | undefined;
    try {
      const answer = await streamChat(
        {
          url: `${API}/api/chat/stream`,
          body: { message: question, history, channel: "widget", ...(district ? { district } : {}) },
          signal: controller.signal,
        },
        {
          delta(d) {
            if (!text.size) body.replaceChildren(text.node);
            text.append(d);
          },
          replace(replacement, reason) {
            text.reset(replacement);
            body.replaceChildren(text.node);
            // Say so when the model's text was dropped for the offline answer, not when it was only tidied.
            replacedNote = reason === "sanitized" ? undefined : t.replaced;
          },
          citations() {},
          done() {},
        },
      );
      // No flush of the streamed text here: the final answer replaces it, so a long answer is laid out once, not twice.
      // Question and answer are kept together, so a failed or stopped question never enters the history.
      conversation.add({ role: "user", text: question });
      conversation.add({ role: "assistant", answer, note: replacedNote });
      answerBubble(answer, replacedNote, bubble);
      anchored = false;
      anchor();
      if (answer.citations.length) lastUnits = { units: unitsOf(answer.citations), district: answer.citations[0]!.district };
      announce(answer.answer.slice(0, 200));
      if (answer.status === "answered" || answer.status === "partial") followUps(bubble, question, answer);
    } catch (err) {
      text.flush();
      if ((err as Error).name === "AbortError") {
        bubble.setAttribute("aria-busy", "false");
        bubble.classList.remove("busy");
        if (!text.size) body.replaceChildren();
        body.append(t.stopped);
      } else {
        const f = err instanceof ChatFailure ? err : new ChatFailure("server", String(err));
        if (f.kind === "district" || f.kind === "origin") reportSetup(f.kind, f.message);
        bubble.replaceWith(failureBubble(t, f.kind, () => ask(question, { retry: true }), f.retryAfter));
      }
    } finally {
      clearTimeout(still);
      current = null;
      setBusy(false);
      input.focus();
    }
  }

  function setBusy(busy: boolean) {
    sendButton.textContent = busy ? t.stop : t.send;
    sendButton.classList.toggle("stop", busy);
  }

  async function followUps(bubble: HTMLElement, question: string, answer: Answer) {
    const params = new URLSearchParams({
      lang,
      after: answer.citations
        .slice(0, 3)
        .map((c) => c.id)
        .join(","),
      q: question,
    });
    if (district) params.set("district", district);
    try {
      const res = await fetch(`${API}/api/suggestions?${params}`, { signal: timeout() });
      if (!res.ok) return;
      const { suggestions } = (await res.json()) as { suggestions: string[] };
      const box = questionButtons(suggestions, t.followUpsLabel);
      if (box) bubble.insertBefore(box, bubble.querySelector(".actions"));
    } catch {
      // Follow-ups are a convenience; the answer stands without them.
    }
  }

  const contactCache = new Map<string, Promise<UnitContact[]>>();
  function fetchContacts(units: string[], d: string): Promise<UnitContact[]> {
    if (!config?.contacts || !units.length) return Promise.resolve([]);
    const key = `${d}|${units.join(",")}`;
    let p = contactCache.get(key);
    if (!p) {
      p = fetch(`${API}/api/contacts?${new URLSearchParams({ district: d, units: units.join(",") })}`, { signal: timeout() })
        .then((r) => (r.ok ? r.json() : { contacts: [] }))
        .then((j: { contacts: UnitContact[] }) => j.contacts);
      contactCache.set(key, p);
    }
    return p;
  }

  // ---- configuration: the page's district, its plans and starter questions ----
  function reportSetup(problem: SetupProblem, detail: string) {
    setupFailure = problem;
    console.error(setupMessage(problem, { api: API, pageOrigin: location.origin, district: writtenDistrict, detail }));
  }

  async function loadConfig() {
    configLoading = true;
    const result = await fetchWidgetConfig(API, lang, writtenDistrict).finally(() => (configLoading = false));
    if ("problem" in result) return reportSetup(result.problem, result.detail);
    if ("unavailable" in result) return void console.warn(`${TAG} ${result.unavailable}; questions will be retried when asked.`);
    config = result.config;
    for (const p of config.plans) ctx.plans.set(p.id, p);
    if (writtenDistrict) district = config.districts[0]?.name ?? null;
    const named = config.districts.length === 1 ? config.districts[0]! : null;
    subtitle.textContent = t.subtitle(named ? (lang === "en" ? (named.nameEn ?? named.name) : named.name) : null);
  }

  let configLoading = false;
  let ready = loadConfig().finally(() => {
    if (!panel.hidden) renderAll();
  });
  const mount = () => {
    document.body.append(host);
    // Reopen where the user left off after a reload.
    if (conversation.turns.length) ready.then(() => (wasOpen() ? toggle(true, false) : renderAll()));
  };
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
}

boot();
