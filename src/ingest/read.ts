/**
 * Plan files of every common type, read to plain text lines the parser understands: tables become
 * tab-separated rows, PDF pages are separated by form feeds, a web page gives its article body and its
 * metadata table. A file that cannot be read throws a PlanParseError saying what is wrong and what to do.
 */
import { createRequire } from "node:module";
import type * as Cheerio from "cheerio";
import type { AnyNode, Element } from "domhandler";
import type Mammoth from "mammoth";
import { extractText, getDocumentProxy } from "unpdf";
import { PlanParseError } from "../errors.ts";
import type { MetaHints } from "./meta.ts";
import type { SourceType } from "./parse.ts";

// Loaded on first use (a fifth of a second together): the server reads no plan file at start (a build runs in a
// child process), so its start-up should not pay for the parsers.
const require = createRequire(import.meta.url);
let cheerioModule: typeof Cheerio | null = null;
const cheerio = () => (cheerioModule ??= require("cheerio") as typeof Cheerio);
let mammothModule: typeof Mammoth | null = null;
const mammoth = () => (mammothModule ??= require("mammoth") as typeof Mammoth);

export const TYPE_OF_EXTENSION: Record<string, SourceType> = {
  ".txt": "txt",
  ".text": "txt",
  ".md": "md",
  ".markdown": "md",
  ".pdf": "pdf",
  ".docx": "docx",
  ".html": "html",
  ".htm": "html",
};

export interface ReadResult {
  text: string;
  hints?: MetaHints;
}

export async function readPlanFile(file: string, type: SourceType, bytes: Uint8Array): Promise<ReadResult> {
  switch (type) {
    case "txt":
    case "md":
      return { text: decodeText(file, bytes) };
    case "html":
      return readHtml(decodeHtml(file, bytes));
    case "docx":
      return readDocx(file, bytes);
    case "pdf":
      return readPdf(file, bytes);
  }
}

/** UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (which includes GBK and GB2312). */
export function decodeText(file: string, bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    try {
      return new TextDecoder("gb18030", { fatal: true }).decode(bytes);
    } catch {
      throw new PlanParseError(file, 1, "text is neither UTF-8 nor GB18030/GBK: save it as UTF-8");
    }
  }
}

function decodeHtml(file: string, bytes: Uint8Array): string {
  const head = new TextDecoder("latin1").decode(bytes.slice(0, 2048));
  const charset = /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (charset && /^(?:gb2312|gbk|gb18030)$/.test(charset)) return new TextDecoder("gb18030").decode(bytes);
  return decodeText(file, bytes);
}

const BLOCK = new Set([
  "p",
  "div",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "li",
  "section",
  "article",
  "blockquote",
  "pre",
  "dd",
  "dt",
  "center",
]);
/** Where district CMSs put the article body, most specific first. */
const BODY_SELECTORS = [
  ".article-content",
  "#zoom",
  ".TRS_Editor",
  "#UCAP-CONTENT",
  ".trs_editor_view",
  ".zw",
  ".wz_content",
  ".article_con",
  ".content",
  "article",
  "main",
  "#content",
];
const META_LABELS: Record<string, keyof MetaHints | null> = {
  索引号: null,
  发文机关: "issuer",
  发布机构: "issuer",
  发文单位: "issuer",
  文号: "docNumber",
  发文字号: "docNumber",
  成文日期: "issueDate",
  发布日期: "publishedDate",
};
const cjkCount = (s: string) => (s.match(/[\u4e00-\u9fff]/g) ?? []).length;

/** The text lines of an element: one per block, a table row as tab-separated cells. */
function linesOf($: Cheerio.CheerioAPI, root: AnyNode): string[] {
  const lines: string[] = [];
  let buf = "";
  const flush = () => {
    if (buf.trim()) lines.push(buf.replace(/[ \t\r\n]+/g, " ").trim());
    buf = "";
  };
  const walk = (node: AnyNode) => {
    for (const child of $(node).contents().toArray()) {
      if (child.type === "text") buf += (child as unknown as { data: string }).data;
      else if (child.type === "tag") {
        const el = child as Element;
        if (el.name === "table") {
          flush();
          for (const tr of $(el).find("tr").toArray()) {
            if ($(tr).closest("table")[0] !== el) continue;
            const cells = $(tr)
              .children("td,th")
              .toArray()
              .map((td) => $(td).text().replace(/\s+/g, " ").trim());
            if (cells.some(Boolean)) lines.push(cells.filter((c, k) => c || k < cells.length - 1).join("\t"));
          }
        } else if (el.name === "br") flush();
        else if (BLOCK.has(el.name)) {
          flush();
          walk(el);
          flush();
        } else walk(el);
      }
    }
  };
  walk(root);
  flush();
  return lines;
}

/** A web page: the article body only, with what the CMS metadata table says. */
export function readHtml(html: string): ReadResult {
  const $ = cheerio().load(html);
  const hints = metaTable($);
  $("script,style,noscript,nav,header,footer,iframe,form,select,button").remove();
  const title = $("meta[name=ArticleTitle]").attr("content")?.trim() || $("h1").first().text().trim() || undefined;
  let body = BODY_SELECTORS.map((s) => $(s).first()).find((el) => el.length && cjkCount(el.text()) >= 100);
  if (!body) {
    // No known container: the element holding the most paragraph text.
    const scored = $("div,td,section,article")
      .toArray()
      .map((el) => ({ el, score: cjkCount($(el).children("p").text()) }))
      .sort((a, b) => b.score - a.score);
    body = scored[0]?.score ? $(scored[0].el) : $("body");
  }
  const lines = linesOf($, body[0]!);
  // The title is part of the document even when the CMS prints it above the body container.
  if (title && !lines.slice(0, 3).some((l) => l.replace(/\s/g, "") === title.replace(/\s/g, ""))) lines.unshift(title);
  return { text: lines.join("\n"), hints: { ...hints, ...(title ? { title } : {}) } };
}

function metaTable($: Cheerio.CheerioAPI): MetaHints {
  const hints: MetaHints = {};
  const cells = $("td,th,li,span,p,dt,dd")
    .toArray()
    .filter((el) => $(el).children("td,th,li,span,p,dt,dd").length === 0)
    .map((el) => $(el).text().replace(/\s+/g, " ").trim());
  cells.forEach((cell, k) => {
    const m = /^([\u4e00-\u9fff]{2,4})\s*[:：]\s*(.*)$/.exec(cell);
    if (!m || !(m[1]! in META_LABELS)) return;
    const key = META_LABELS[m[1]!];
    const value = (m[2] || cells[k + 1] || "").trim();
    if (!key || !value || hints[key]) return;
    hints[key] = key.endsWith("Date") ? (isoOf(value) ?? undefined) : value;
  });
  return hints;
}

function isoOf(s: string): string | null {
  const m = /(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})/.exec(s);
  return m ? `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}` : null;
}

/** Word through mammoth to HTML: its raw-text mode would drop the table structure. */
async function readDocx(file: string, bytes: Uint8Array): Promise<ReadResult> {
  let html: string;
  try {
    html = (await mammoth().convertToHtml({ buffer: Buffer.from(bytes) })).value;
  } catch (err) {
    throw new PlanParseError(
      file,
      1,
      `not a readable .docx (${(err as Error).message.split("\n")[0]}): open it in Word and save it again as .docx`,
    );
  }
  const $ = cheerio().load(html);
  return { text: linesOf($, $("body")[0]!).join("\n") };
}

/** A text-based PDF, page by page (form feeds between pages, for page-aware warnings and header removal). */
async function readPdf(file: string, bytes: Uint8Array): Promise<ReadResult> {
  let pages: string[];
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    pages = (await extractText(pdf, { mergePages: false })).text;
  } catch (err) {
    throw new PlanParseError(
      file,
      1,
      `not a readable PDF (${(err as Error).message.split("\n")[0]}): export it again from the source document`,
    );
  }
  const text = pages.join("\n\f");
  if (cjkCount(text) < 20)
    throw new PlanParseError(file, 1, "the PDF has no text layer (a scan?): run OCR on it or use the original .docx");
  return { text };
}
