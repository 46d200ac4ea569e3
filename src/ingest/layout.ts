/**
 * The page layout around a plan's text, undone before any parsing: pages (form feeds), the running headers
 * and footers repeated on them, and Markdown markup. Every line keeps the line of the source it came from.
 */

export interface SourceLine {
  text: string;
  /** 1-based line of the source file (a form feed does not start a new line in an editor). */
  line: number;
  /** 1-based page, counted by form feeds. */
  page: number;
}

/** Splits a text into lines at line breaks only; a form feed inside a line starts a new page, not a line. */
export function sourceLines(raw: string): SourceLine[] {
  const out: SourceLine[] = [];
  let page = 1;
  raw
    .replace(/^\uFEFF/, "")
    .split(/\r\n?|\n/)
    .forEach((text, i) => {
      text.split("\f").forEach((piece, k) => {
        if (k > 0) page++;
        out.push({ text: piece, line: i + 1, page });
      });
    });
  return out;
}

/** Page numbers printed in the footer: `- 3 -`, `— 3 —`, `第3页`, `3/12`. */
export const PAGE_NUMBER_RE = /^(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4})$/;
const squash = (s: string) => s.normalize("NFKC").replace(/\s/g, "");
const EDGE = 2;

/**
 * Running headers and footers: a short line printed at the top or bottom of two or more pages (the 文号, a
 * title, the issuer). Only the first one stays, where it is part of the document (page 1's 文号).
 */
export function dropRunningHeaders(lines: SourceLine[], { alwaysHeader }: { alwaysHeader?: RegExp } = {}): SourceLine[] {
  if (lines.at(-1)?.page === 1) return lines;
  const pages = new Map<number, SourceLine[]>();
  for (const l of lines) if (squash(l.text) && !PAGE_NUMBER_RE.test(squash(l.text))) pages.set(l.page, [...(pages.get(l.page) ?? []), l]);
  if (pages.size < 2) return lines;
  const edges = new Set<SourceLine>();
  const seen = new Map<string, number>();
  for (const content of pages.values()) {
    // A short page is all edge: each line counts once.
    for (const l of new Set([...content.slice(0, EDGE), ...content.slice(-EDGE)])) {
      const key = squash(l.text);
      if (key.length > 40 || /[。；]$/.test(key)) continue;
      edges.add(l);
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  }
  let firstKept = false;
  // A line like `alwaysHeader` (a 文号) at the edge of a later page is a running header even when printed once.
  const repeated = (l: SourceLine) =>
    edges.has(l) && ((seen.get(squash(l.text)) ?? 0) >= 2 || (l.page > 1 && Boolean(alwaysHeader?.test(squash(l.text)))));
  return lines.filter((l) => {
    if (!repeated(l)) return true;
    // The first occurrence on page 1 is the document's own line (its 文号 above the title).
    if (!firstKept && l.page === 1) {
      firstKept = true;
      return true;
    }
    return false;
  });
}

/** Markdown markup that carries no words: heading marks, emphasis, block quotes, horizontal rules, table rules. */
export function stripMarkdown(lines: SourceLine[]): SourceLine[] {
  return lines
    .filter((l) => !/^\s*(?:[-*_]{3,}|\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?)\s*$/.test(l.text))
    .map((l) => {
      let t = l.text.replace(/^\s{0,3}#{1,6}\s+/, "").replace(/^\s*>\s?/, "");
      t = t.replace(/\*\*([^*]+)\*\*|__([^_]+)__/g, "$1$2").replace(/(^|[^*])\*([^*\s][^*]*)\*/g, "$1$2");
      // A pipe table row becomes a tab-separated row, as a table in any other format.
      if (/^\s*\|.*\|\s*$/.test(t))
        t = t
          .trim()
          .replace(/^\||\|$/g, "")
          .split("|")
          .map((c) => c.trim())
          .join("\t");
      return { ...l, text: t };
    });
}
