type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** Creates an element; children are nodes or strings (strings become text, never markup). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (typeof v === "function") node.addEventListener(k.slice(2), v);
    else if (k === "class") node.className = String(v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c) node.append(typeof c === "string" ? document.createTextNode(c) : c);
  return node;
}

/** Text with every hotline number (12345) as a tel: link; one pass over the text. */
export function linkedText(text: string, hotline = "12345"): DocumentFragment {
  const frag = document.createDocumentFragment();
  const parts = text.split(new RegExp(`(?<!\\d)(${hotline})(?!\\d)`));
  parts.forEach((p, i) => {
    if (!p) return;
    frag.append(i % 2 ? el("a", { href: `tel:${hotline}` }, p) : document.createTextNode(p));
  });
  return frag;
}

/** Copies text, with the old execCommand path where the Clipboard API is not allowed (cross-origin frames, http). */
export async function copyText(text: string, within: Node = document.body): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = el("textarea", { "aria-hidden": "true", style: "position:fixed;left:-9999px" });
    area.value = text;
    (within as ParentNode).append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}
