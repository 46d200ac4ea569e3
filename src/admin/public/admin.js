// The policy office's report: reads /api/admin/* with the bearer token kept in this tab only. Every value
// from the server is set as text (never as HTML).
(() => {
  const $ = (id) => document.getElementById(id);
  const KEY = "policy-admin-token";
  let token = sessionStorage.getItem(KEY) || "";

  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? "")));
    return node;
  };
  const status = (text) => {
    $("status").textContent = text;
  };

  async function api(path, init = {}) {
    const res = await fetch(path, {
      ...init,
      headers: { Authorization: `Bearer ${token}`, ...(init.body ? { "Content-Type": "application/json" } : {}), ...(init.headers || {}) },
    });
    if (res.status === 401) {
      showLogin("令牌无效或已过期");
      throw new Error("unauthorized");
    }
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      throw new Error(body?.error?.message || `HTTP ${res.status}`);
    }
    return res;
  }

  function showLogin(message) {
    token = "";
    sessionStorage.removeItem(KEY);
    $("login").hidden = false;
    $("report").hidden = true;
    status(message || "");
    $("token").focus();
  }

  function rangeQuery() {
    const f = new FormData($("range"));
    const q = new URLSearchParams();
    for (const k of ["from", "to"]) if (f.get(k)) q.set(k, f.get(k));
    return q.toString();
  }

  function bars(target, rows, label) {
    const box = $(target);
    box.replaceChildren();
    const max = Math.max(1, ...rows.map((r) => r.questions));
    for (const r of rows) {
      const other = r.questions - r.answered - r.refused;
      const seg = (cls, n) => el("span", { class: cls, style: `width:${(100 * n) / max}%`, title: String(n) });
      box.append(
        el(
          "div",
          { class: "bar-row" },
          el("span", {}, label(r) ?? "—"),
          el(
            "span",
            { class: "bar", role: "img", "aria-label": `已答 ${r.answered}，未答 ${r.refused}，其他 ${other}` },
            seg("ok", r.answered),
            seg("no", r.refused),
            seg("other", other),
          ),
          el("span", { class: "n" }, r.questions),
        ),
      );
    }
    if (!rows.length) box.append(el("p", { class: "muted" }, "无数据"));
  }

  // Stacked columns per day as inline SVG: answered (green), refused (red), other (grey).
  function perDayChart(rows) {
    const box = $("per-day");
    box.replaceChildren();
    if (!rows.length) return box.append(el("p", { class: "muted" }, "无数据"));
    const NS = "http://www.w3.org/2000/svg";
    const W = 800;
    const H = 150;
    const max = Math.max(1, ...rows.map((r) => r.questions));
    const w = Math.min(W / rows.length, 40);
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", `0 0 ${W} ${H + 14}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "每日提问数");
    rows.forEach((r, i) => {
      let y = H;
      for (const [n, color] of [
        [r.answered, "#2f7d4f"],
        [r.refused, "#c0392b"],
        [r.questions - r.answered - r.refused, "#9aa5b1"],
      ]) {
        const h = (H * n) / max;
        y -= h;
        const rect = document.createElementNS(NS, "rect");
        for (const [k, v] of Object.entries({ x: i * w + 1, y, width: Math.max(1, w - 2), height: h, fill: color }))
          rect.setAttribute(k, v);
        const title = document.createElementNS(NS, "title");
        title.textContent = `${r.day}: ${r.questions}（已答 ${r.answered}，未答 ${r.refused}）`;
        rect.append(title);
        svg.append(rect);
      }
      if (rows.length <= 31 && i % Math.ceil(rows.length / 10) === 0) {
        const t = document.createElementNS(NS, "text");
        for (const [k, v] of Object.entries({ x: i * w + 2, y: H + 12, "font-size": 10, fill: "#6b7280" })) t.setAttribute(k, v);
        t.textContent = r.day.slice(5);
        svg.append(t);
      }
    });
    box.append(
      svg,
      el(
        "p",
        { class: "legend muted" },
        el("span", { style: "color:#2f7d4f" }, "已答 "),
        el("span", { style: "color:#c0392b" }, "未答 "),
        el("span", { style: "color:#9aa5b1" }, "其他"),
      ),
    );
  }

  function table(id, head, rows) {
    const t = $(id);
    t.replaceChildren(el("tr", {}, ...head.map((h) => el("th", {}, h))));
    for (const cells of rows)
      t.append(
        el("tr", {}, ...cells.map((c) => (c instanceof Node ? el("td", {}, c) : el("td", { class: typeof c === "number" ? "n" : "" }, c)))),
      );
    if (!rows.length) t.append(el("tr", {}, el("td", { colspan: head.length, class: "muted" }, "无")));
  }

  function fillCurate(fields) {
    const f = $("curate");
    for (const [k, v] of Object.entries(fields)) if (f.elements[k]) f.elements[k].value = v ?? "";
    f.elements.answer.focus();
    f.scrollIntoView({ behavior: "smooth" });
  }

  function render(r) {
    $("login").hidden = true;
    $("report").hidden = false;
    const cards = [
      ["提问", r.questions],
      ["已答", r.answered],
      ["未答", r.refused],
      ["好评", r.feedback.up],
      ["差评", r.feedback.down],
      ["人工答案", r.modes.curated || 0],
      ["中位延迟", r.latencyMs.median === null ? "—" : `${Math.round(r.latencyMs.median)} ms`],
    ];
    $("cards").replaceChildren(...cards.map(([k, v]) => el("div", { class: "card" }, k, el("b", {}, v))));
    perDayChart(r.perDay);
    bars("by-district", r.byDistrict, (x) => x.district);
    bars("by-lang", r.byLang, (x) => ({ zh: "中文", en: "English" })[x.lang] || x.lang);
    bars("by-channel", r.byChannel, (x) => ({ widget: "网站挂件", console: "12345 坐席", api: "API" })[x.channel] || x.channel);
    table(
      "unanswered",
      ["问题", "次数", "最近", "区", "其他问法"],
      r.unanswered.map((u) => [u.question, u.count, u.lastAsked.slice(0, 10), u.districts.join("、"), u.variants.slice(0, 3).join(" | ")]),
    );
    table(
      "top",
      ["问题", "次数", "其他问法"],
      r.top.map((t) => [t.question, t.count, t.variants.slice(0, 3).join(" | ")]),
    );
    table(
      "lowest",
      ["问题", "好评", "差评", "意见", "引用 → 建议"],
      r.lowestRated.map((x) => [
        x.question,
        x.up,
        x.down,
        x.comments.slice(0, 3).join(" / "),
        `${x.cited.slice(0, 2).join(", ")}${x.suggested.length ? ` → ${x.suggested.join(", ")}` : ""}`,
      ]),
    );
    table(
      "queue",
      ["时间", "问题", "评价", "意见", "引用 → 正确条款", ""],
      r.curationQueue.map((q) => [
        q.createdAt.slice(0, 16).replace("T", " "),
        q.question ?? "（问题已过保留期）",
        q.rating === "down" ? "差评" : "好评",
        q.comment ?? "",
        `${q.cited.slice(0, 2).join(", ")}${q.clauseId ? ` → ${q.clauseId}` : ""}`,
        q.question
          ? el(
              "button",
              {
                type: "button",
                onclick: () =>
                  fillCurate({ questionId: q.answerId, pattern: q.question, citations: q.clauseId || q.cited.join(","), id: "" }),
              },
              "写人工答案",
            )
          : "",
      ]),
    );
  }

  async function loadCurated() {
    const { curated } = await (await api("/api/admin/curated")).json();
    table(
      "curated",
      ["#", "版本", "问题", "答案", "引用", "状态", ""],
      curated.map((c) => [
        c.id,
        c.version,
        `${c.current.pattern}${c.current.match === "contains" ? "（包含）" : ""}${c.current.district ? ` · ${c.current.district}` : ""}`,
        c.current.answer,
        c.current.citations.join(", "),
        c.withdrawnAt ? "已撤回" : "生效",
        el(
          "span",
          {},
          el(
            "button",
            {
              type: "button",
              onclick: () => fillCurate({ ...c.current, citations: c.current.citations.join(","), id: c.id, questionId: "" }),
            },
            "修改",
          ),
          c.withdrawnAt ? "" : el("button", { type: "button", onclick: () => withdraw(c.id) }, "撤回"),
        ),
      ]),
    );
  }

  async function withdraw(id) {
    try {
      await api(`/api/admin/curated/${id}/withdraw`, { method: "POST", body: "{}" });
      status(`人工答案 #${id} 已撤回`);
      await loadCurated();
    } catch (err) {
      status(`撤回失败：${err.message}`);
    }
  }

  async function load() {
    if (!token) return showLogin();
    status("加载中…");
    try {
      const r = await (await api(`/api/admin/report?${rangeQuery()}`)).json();
      render(r);
      await loadCurated();
      status(
        r.databaseDown
          ? `数据库暂不可用，${r.queueDepth} 条记录排队中`
          : `${r.range.from.slice(0, 10)} — ${r.range.to.slice(0, 10)}（${r.range.timeZone}）`,
      );
    } catch (err) {
      if (err.message !== "unauthorized") status(`加载失败：${err.message}`);
    }
  }

  $("login-form").addEventListener("submit", (e) => {
    e.preventDefault();
    token = $("token").value.trim();
    sessionStorage.setItem(KEY, token);
    load();
  });
  $("range").addEventListener("submit", (e) => {
    e.preventDefault();
    load();
  });
  $("logout").addEventListener("click", () => showLogin("已退出"));
  $("csv").addEventListener("click", async () => {
    try {
      const blob = await (await api(`/api/admin/unanswered.csv?${rangeQuery()}`)).blob();
      const a = el("a", { href: URL.createObjectURL(blob), download: `unanswered-${new Date().toISOString().slice(0, 10)}.csv` });
      document.body.append(a);
      a.click();
      a.remove();
    } catch (err) {
      status(`导出失败：${err.message}`);
    }
  });
  $("curate").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const body = {
      answer: f.get("answer"),
      match: f.get("match"),
      citations: String(f.get("citations"))
        .split(/[,，\s]+/)
        .filter(Boolean),
    };
    if (f.get("questionId")) body.questionId = f.get("questionId");
    else body.pattern = f.get("pattern");
    if (f.get("district")) body.district = f.get("district");
    if (f.get("note")) body.note = f.get("note");
    const id = f.get("id");
    try {
      const r = await (
        await api(id ? `/api/admin/curated/${id}` : "/api/admin/curated", { method: "POST", body: JSON.stringify(body) })
      ).json();
      e.target.reset();
      await load();
      status(`人工答案 #${r.id} 第 ${r.version} 版已保存`);
    } catch (err) {
      status(`保存失败：${err.message}`);
    }
  });
  load();
})();
