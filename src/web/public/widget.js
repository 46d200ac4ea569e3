/*
 * 政策助手 chat widget. Embed with one tag:
 *   <script src="https://ASSISTANT_HOST/widget.js" data-district="普陀区" data-lang="zh" async></script>
 *
 * It renders inside a Shadow DOM, so the host page's CSS cannot reach it and its CSS cannot leak out;
 * it talks to the assistant that served this script (CORS, allowed by WIDGET_ORIGINS). Everything the
 * model or the corpus says is inserted with textContent, never as HTML.
 */
(() => {
  const script = document.currentScript;
  if (!script || window.__policyAssistantWidget) return;
  window.__policyAssistantWidget = true;

  const API = new URL(script.src, location.href).origin;
  const district = script.dataset.district || "";
  const lang = script.dataset.lang === "en" ? "en" : "zh";
  const MAX_HISTORY = 10;

  const STRINGS = {
    zh: {
      open: "打开政策助手",
      close: "关闭",
      title: "政策助手",
      subtitle: district ? `${district}营商环境政策问答` : "营商环境政策问答",
      placeholder: "请输入您的问题，例如：电子印章由谁负责？",
      inputLabel: "您的问题",
      send: "发送",
      starters: ["电子印章由谁负责？", "企业注销有什么便利措施？", "外籍人才办理工作许可要多久？"],
      startersLabel: "您可以这样问",
      thinking: "正在查找条款…",
      error: "暂时无法回答，请稍后再试，或拨打12345市民服务热线。",
      clause: "条款原文",
      units: "责任单位",
      noUnits: "未列明责任单位",
      measure: (n) => `第${n}条`,
      disclaimer: "答案摘自区政府营商环境行动方案，以原文为准。",
      you: "您",
      assistant: "政策助手",
    },
    en: {
      open: "Open the policy assistant",
      close: "Close",
      title: "Policy Assistant",
      subtitle: "Business-environment policy Q&A",
      placeholder: "Ask a question, e.g. Who handles electronic seals?",
      inputLabel: "Your question",
      send: "Send",
      starters: [
        "Who handles electronic seals?",
        "How can a company deregister more easily?",
        "How long does a work permit for foreign talent take?",
      ],
      startersLabel: "Try asking",
      thinking: "Looking up the clauses…",
      error: "The assistant cannot answer right now. Please try again later or call the 12345 hotline.",
      clause: "Clause",
      units: "Responsible units",
      noUnits: "No responsible unit named",
      measure: (n) => `Measure ${n}`,
      disclaimer: "Answers quote the district action plans; the original text prevails.",
      you: "You",
      assistant: "Policy Assistant",
    },
  };
  const t = STRINGS[lang];

  const CSS = `
    :host { all: initial; }
    /* The host element inherits the page's text styles (letter-spacing, line-height…); reset them here. */
    .root { all: initial; display: block; font-size: 14px; line-height: 1.6; color: #1f2937; }
    * { box-sizing: border-box; font-family: system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
    .launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; width: 60px; height: 60px; border-radius: 50%;
      border: none; background: #b4232a; color: #fff; font-size: 15px; font-weight: 600; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
    .launcher:focus-visible, button:focus-visible, textarea:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
    .panel { position: fixed; right: 20px; bottom: 92px; z-index: 2147483000; width: 380px; max-width: calc(100vw - 24px);
      height: 560px; max-height: calc(100vh - 112px); display: flex; flex-direction: column; background: #fff; color: #1f2937;
      border-radius: 12px; box-shadow: 0 10px 40px rgba(0,0,0,.25); overflow: hidden; font-size: 14px; line-height: 1.6; }
    .panel[hidden] { display: none; }
    header { background: #b4232a; color: #fff; padding: 10px 14px; display: flex; align-items: center; gap: 8px; }
    header h2 { margin: 0; font-size: 16px; }
    header p { margin: 0; font-size: 12px; opacity: .9; }
    header .close { margin-left: auto; background: transparent; border: 1px solid rgba(255,255,255,.6); color: #fff; border-radius: 6px; padding: 2px 10px; cursor: pointer; font-size: 13px; }
    .log { flex: 1; overflow-y: auto; padding: 12px; background: #f7f7f8; }
    .msg { margin: 0 0 12px; max-width: 92%; white-space: pre-wrap; word-break: break-word; }
    .msg.user { margin-left: auto; background: #b4232a; color: #fff; padding: 8px 12px; border-radius: 12px 12px 2px 12px; width: fit-content; }
    .msg.bot { background: #fff; border: 1px solid #e5e7eb; padding: 8px 12px; border-radius: 12px 12px 12px 2px; }
    .msg.bot.error { border-color: #f59e0b; background: #fffbeb; }
    .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .chips { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; white-space: normal; }
    .chip { border: 1px solid #b4232a; color: #b4232a; background: #fff; border-radius: 999px; padding: 2px 10px; font-size: 12px; cursor: pointer; text-align: left; }
    .chip[aria-expanded="true"] { background: #b4232a; color: #fff; }
    .clause { margin-top: 8px; padding: 8px 10px; border-left: 3px solid #b4232a; background: #fdf2f2; font-size: 13px; white-space: pre-wrap; }
    .clause h3 { margin: 0 0 4px; font-size: 13px; }
    .clause p { margin: 4px 0 0; }
    .starters { padding: 0 12px 8px; background: #f7f7f8; }
    .starters p { margin: 0 0 6px; font-size: 12px; color: #6b7280; }
    .starters button { display: block; width: 100%; text-align: left; margin: 0 0 6px; padding: 6px 10px; border: 1px solid #e5e7eb; border-radius: 8px; background: #fff; cursor: pointer; font-size: 13px; color: #1f2937; }
    form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e5e7eb; background: #fff; }
    textarea { flex: 1; resize: none; height: 44px; padding: 8px; border: 1px solid #d1d5db; border-radius: 8px; font-size: 14px; }
    form button { background: #b4232a; color: #fff; border: none; border-radius: 8px; padding: 0 14px; cursor: pointer; font-size: 14px; }
    form button:disabled { opacity: .5; cursor: default; }
    .foot { font-size: 11px; color: #6b7280; padding: 0 12px 8px; background: #fff; }
    @media (max-width: 480px) {
      .panel { right: 0; bottom: 0; width: 100vw; max-width: 100vw; height: 100vh; max-height: 100vh; border-radius: 0; }
      .launcher { right: 12px; bottom: 12px; }
    }`;

  /** Creates an element; children are nodes or strings (strings become text, never markup). */
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

  // A custom tag, so the page's `div { … }` rules never match the host element.
  const host = el("policy-assistant", { id: "policy-assistant-widget" });
  const root = host.attachShadow({ mode: "open" });
  if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } else root.append(el("style", {}, CSS));

  const panelId = "pa-panel";
  const launcher = el(
    "button",
    {
      class: "launcher",
      type: "button",
      "aria-label": t.open,
      "aria-expanded": "false",
      "aria-controls": panelId,
      onclick: () => toggle(),
    },
    lang === "zh" ? "问政策" : "Ask",
  );
  const log = el("div", {
    class: "log",
    role: "log",
    "aria-live": "polite",
    "aria-relevant": "additions",
    "aria-label": t.title,
    tabindex: "0",
  });
  const input = el("textarea", { id: "pa-input", placeholder: t.placeholder, "aria-label": t.inputLabel, maxlength: "2000", rows: "2" });
  const sendButton = el("button", { type: "submit" }, t.send);
  const starters = el(
    "div",
    { class: "starters" },
    el("p", { id: "pa-starters" }, t.startersLabel),
    ...t.starters.map((q) => el("button", { type: "button", "aria-describedby": "pa-starters", onclick: () => ask(q) }, q)),
  );
  const form = el(
    "form",
    {
      onsubmit: (e) => {
        e.preventDefault();
        ask(input.value);
      },
    },
    input,
    sendButton,
  );
  const panel = el(
    "section",
    {
      class: "panel",
      id: panelId,
      role: "dialog",
      "aria-modal": "false",
      "aria-labelledby": "pa-title",
      hidden: true,
      lang: lang === "zh" ? "zh-CN" : "en",
    },
    el(
      "header",
      {},
      el("div", {}, el("h2", { id: "pa-title" }, t.title), el("p", {}, t.subtitle)),
      el("button", { class: "close", type: "button", "aria-label": t.close, onclick: () => toggle(false) }, t.close),
    ),
    log,
    starters,
    form,
    el("div", { class: "foot" }, t.disclaimer),
  );
  root.append(el("div", { class: "root" }, launcher, panel));

  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      ask(input.value);
    }
  });
  root.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !panel.hidden) {
      e.stopPropagation();
      toggle(false);
    }
  });

  function toggle(open = panel.hidden) {
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    if (open) input.focus();
    else launcher.focus();
  }

  const history = [];
  let busy = false;

  async function ask(raw) {
    const question = String(raw || "").trim();
    if (!question || busy) return;
    busy = true;
    sendButton.disabled = true;
    input.value = "";
    starters.hidden = true;
    log.append(el("div", { class: "msg user" }, el("span", { class: "sr" }, `${t.you}: `), question));
    const answerText = el("span", {}, t.thinking);
    const bubble = el("div", { class: "msg bot", "aria-busy": "true" }, el("span", { class: "sr" }, `${t.assistant}: `), answerText);
    log.append(bubble);
    scroll();
    let text = "";
    try {
      const body = { message: question, history: history.slice(-MAX_HISTORY) };
      if (district) body.district = district;
      await streamChat(body, {
        delta(d) {
          text += d.text;
          answerText.textContent = text;
          scroll();
        },
        citations(c) {
          if (c.citations && c.citations.length) bubble.append(citationChips(c.citations));
        },
        done(answer) {
          text = answer.answer;
          answerText.textContent = text;
        },
      });
      history.push({ role: "user", content: question }, { role: "assistant", content: text });
    } catch (err) {
      bubble.classList.add("error");
      answerText.textContent = t.error;
    } finally {
      bubble.setAttribute("aria-busy", "false");
      busy = false;
      sendButton.disabled = false;
      input.focus();
      scroll();
    }
  }

  /** POSTs to the streaming endpoint and dispatches its server-sent events (v1.delta, v1.citations, v1.done, v1.error). */
  async function streamChat(body, handlers) {
    const res = await fetch(`${API}/api/chat/stream`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(body),
    });
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let finished = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = block
          .split("\n")
          .filter((l) => l.startsWith("data: "))
          .map((l) => l.slice(6))
          .join("\n");
        if (!event || !data) continue;
        const payload = JSON.parse(data);
        if (event === "v1.delta") handlers.delta(payload);
        else if (event === "v1.citations") handlers.citations(payload);
        else if (event === "v1.done") {
          handlers.done(payload);
          finished = true;
        } else if (event === "v1.error") throw new Error(payload.error && payload.error.message);
      }
    }
    if (!finished) throw new Error("stream ended early");
  }

  function citationLabel(c) {
    const where = c.measure != null ? t.measure(c.measure) : c.sectionPath[c.sectionPath.length - 1] || "";
    const units = c.units
      .slice(0, 2)
      .map((u) => u.name)
      .join("、");
    return `${c.district} ${where}${units ? ` · ${units}${c.units.length > 2 ? "…" : ""}` : ""}`;
  }

  /** Citation chips; each opens the quoted clause in place (the only links the widget shows). */
  function citationChips(citations) {
    const chips = el("div", { class: "chips" });
    const box = el("div", {});
    citations.forEach((c, i) => {
      const id = `pa-clause-${Math.random().toString(36).slice(2)}-${i}`;
      const chip = el(
        "button",
        { class: "chip", type: "button", "aria-expanded": "false", "aria-controls": id, "data-citation": c.id },
        citationLabel(c),
      );
      const detail = el(
        "div",
        { class: "clause", id, hidden: true, role: "region", "aria-label": `${t.clause} ${c.id}` },
        el("h3", {}, `《${c.planTitle}》${c.measure != null ? t.measure(c.measure) : ""}`),
        el("div", {}, c.sectionPath.join(" > ")),
        el("p", {}, c.text),
        el(
          "p",
          {},
          `${t.units}：${c.units.length ? c.units.map((u) => (lang === "en" && u.nameEn ? `${u.nameEn} (${u.name})` : u.name)).join("、") : t.noUnits}`,
        ),
      );
      chip.addEventListener("click", () => {
        const open = chip.getAttribute("aria-expanded") !== "true";
        chip.setAttribute("aria-expanded", String(open));
        detail.hidden = !open;
        if (open) scroll();
      });
      chips.append(chip);
      box.append(detail);
    });
    return el("div", {}, chips, box);
  }

  function scroll() {
    log.scrollTop = log.scrollHeight;
  }

  const mount = () => document.body.append(host);
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
