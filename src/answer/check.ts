import type { Lang } from "../understand/script.ts";
import type { Answer } from "./schema.ts";

/**
 * Output checks, whatever wrote the answer (LLM, curated, extractive): pure functions.
 * - sanitizeText: no HTML; links and images only to allowed origins (the answer is plain text or markdown,
 *   never HTML, so anything a renderer could treat as markup is removed or neutralized, not parsed);
 * - capText: a length cap with a note;
 * - finalizeAnswer: both, for every answer on its way out;
 * - createStreamGate / reconcile: the same for text streamed as a model writes it.
 * What an LLM answer states is checked against its clauses in check-claims.ts.
 */

export interface OutputPolicy {
  /** Longest answer text, in characters (UTF-16 code units), on every route and stream. */
  maxChars: number;
  /** Origins (scheme://host[:port]) that links and images may point to; none by default. */
  linkOrigins: readonly string[];
}

export const DEFAULT_OUTPUT_POLICY: OutputPolicy = { maxChars: 4000, linkOrigins: [] };

// ---------------------------------------------------------------------------------------------------------
// Sanitizing

/** Elements whose content is never text for the reader. */
const BLOCK_RE = /<(script|style|iframe|object|embed|svg|math|template|noscript|textarea|xmp|title|head)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
const COMMENT_RE = /<!--[\s\S]*?(?:-->|$)/g;
/** Any tag, declaration or processing instruction (an autolink <scheme:…> is one too). */
const TAG_RE = /<\/?[A-Za-z][^<>]*>|<[!?][^<>]*>/g;
/** What is left that a renderer could still take for the start of a tag. */
const TAG_START_RE = /<(?=[A-Za-z/!?])/g;
/** Control characters other than tab and newline, and bidirectional overrides that can disguise text. */
const CONTROL_RE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
/** Characters of a URL as GFM autolinks it, short of CJK punctuation and brackets. */
export const URL_CHARS = String.raw`[^\s<>"'\x60()（）\[\]{}，。；！？、“”‘’《》【】]`;
/**
 * In one pass, so a kept link is not looked at twice: a markdown image or link (with an optional title; a
 * target may hold balanced parentheses, as CommonMark allows), a reference definition, or a bare URL (GFM
 * autolinks http(s):// and www.).
 */
const LINK_RE = new RegExp(
  [
    String.raw`(!?)\[([^\]\n]*)\]\(\s*<?((?:[^()\s<>]|\([^()\s<>]*\))*)>?(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?\s*\)`,
    String.raw`^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S*?)>?(?:[ \t].*)?$`,
    String.raw`((?:https?:\/\/|www\.)${URL_CHARS}+)`,
  ].join("|"),
  "gmi",
);

function originOf(url: string): string | null {
  try {
    const u = new URL(url.startsWith("www.") ? `https://${url}` : url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.origin : null;
  } catch {
    return null;
  }
}

/** Normalizes configured origins (trailing slashes, paths, case) to URL origins; anything else is dropped. */
export function normalizeOrigins(origins: readonly string[]): string[] {
  return origins.map((o) => originOf(o.trim())).filter((o): o is string => o !== null);
}

export interface SanitizeOptions {
  linkOrigins: readonly string[];
  /** Source text (the cited clauses): a URL quoted from it is not the writer's invention. */
  trusted?: string;
}

/** Plain text or markdown without HTML, and with links and images only to allowed origins. */
export function sanitizeText(text: string, options: SanitizeOptions): string {
  const origins = new Set(normalizeOrigins(options.linkOrigins));
  const allowed = (url: string) => {
    const origin = originOf(url);
    return origin !== null && origins.has(origin);
  };
  const quoted = (url: string) => !!options.trusted && url.length > 0 && options.trusted.includes(url);
  return text
    .replace(/\r\n?/g, "\n")
    .replace(CONTROL_RE, "")
    .replace(COMMENT_RE, "")
    .replace(BLOCK_RE, "")
    .replace(/<((?:https?:)?\/\/[^\s<>]+)>/gi, (_m, url: string) => (allowed(url) ? url : ""))
    .replace(TAG_RE, "")
    .replace(TAG_START_RE, "＜")
    .replace(LINK_RE, (match, bang: string, label: string, target: string, refTarget: string, bare: string) => {
      if (bare !== undefined) return allowed(bare) || quoted(bare) ? bare : "";
      if (refTarget !== undefined) return allowed(refTarget) ? match : "";
      if (bang) return allowed(target) ? match : "";
      return allowed(target) || quoted(target) ? match : label;
    })
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

// ---------------------------------------------------------------------------------------------------------
// Length cap

const TRUNCATED: Record<Lang, string> = {
  zh: "……（回答过长，已截短；完整内容请查看所引条款原文。）",
  en: "… (answer shortened; see the cited clauses for the full text)",
};
const SENTENCE_END_RE = /[。！？；\n]|[.!?;](?=\s)/g;

/** At most maxChars: cut at a sentence end where one is near, never inside a surrogate pair, with a note. */
export function capText(text: string, maxChars: number, lang: Lang): string {
  if (text.length <= maxChars) return text;
  const note = TRUNCATED[lang];
  let cut = Math.max(0, maxChars - note.length);
  let sentenceEnd = -1;
  for (const m of text.slice(0, cut).matchAll(SENTENCE_END_RE)) sentenceEnd = m.index + 1;
  if (sentenceEnd >= cut * 0.6) cut = sentenceEnd;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${text.slice(0, cut).trimEnd()}${note}`.slice(0, maxChars);
}

// ---------------------------------------------------------------------------------------------------------
// Every answer, on its way out

/** The last step for every answer: sanitized (URLs quoted from its citations may stay) and capped. */
export function finalizeAnswer(answer: Answer, policy: OutputPolicy): Answer {
  const trusted = answer.citations.map((c) => c.text).join("\n");
  const text = capText(sanitizeText(answer.answer, { linkOrigins: policy.linkOrigins, trusted }), policy.maxChars, answer.lang);
  return text === answer.answer ? answer : { ...answer, answer: text };
}

// ---------------------------------------------------------------------------------------------------------
// Streaming

/**
 * Where streamed text stops being final: text after an unclosed tag, comment, script block or markdown
 * bracket, and a trailing run that may still grow into a URL, could change once more text arrives.
 */
export function stableLength(raw: string): number {
  let cut = raw.length;
  const lastLt = raw.lastIndexOf("<");
  if (lastLt >= 0 && raw.indexOf(">", lastLt) < 0) cut = Math.min(cut, lastLt);
  const comment = raw.lastIndexOf("<!--");
  if (comment >= 0 && raw.indexOf("-->", comment) < 0) cut = Math.min(cut, comment);
  for (const m of raw.matchAll(/<(script|style|iframe|object|embed|svg|math|template|noscript|textarea|xmp|title|head)\b/gi)) {
    if (!new RegExp(`</${m[1]}\\s*>`, "i").test(raw.slice(m.index))) {
      cut = Math.min(cut, m.index);
      break;
    }
  }
  const bracket = raw.lastIndexOf("[");
  if (bracket >= 0 && raw.indexOf(")", bracket) < 0) cut = Math.min(cut, bracket > 0 && raw[bracket - 1] === "!" ? bracket - 1 : bracket);
  const tail = /[A-Za-z0-9:/._~%?#=&+\-@]+$/.exec(raw.slice(0, cut));
  if (tail) cut = tail.index;
  return cut;
}

/**
 * Turns the growing raw text of a model's answer into deltas that are safe to show at once: each push
 * transforms (sanitizes, converts script, caps) the stable part and returns what extends what was already
 * sent. When a transform rewrites text already sent, nothing more is sent; the end of the stream
 * reconciles (see the routes' v1.replace).
 */
export function createStreamGate(transform: (stable: string) => string, maxChars: number) {
  let sent = "";
  return {
    push(raw: string): string {
      if (sent.length >= maxChars) return "";
      const stable = transform(raw.slice(0, stableLength(raw))).slice(0, maxChars);
      if (stable.length <= sent.length || !stable.startsWith(sent)) return "";
      const delta = stable.slice(sent.length);
      sent = stable;
      return delta;
    },
    sent: () => sent,
  };
}

/** How a stream ends once the final answer is known: the rest of it, or a replacement of what was shown. */
export function reconcile(sent: string, final: string): { kind: "append"; text: string } | { kind: "replace"; text: string } {
  return final.startsWith(sent) ? { kind: "append", text: final.slice(sent.length) } : { kind: "replace", text: final };
}
