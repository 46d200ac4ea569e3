import { createRequire } from "node:module";
import type * as OpenCC from "opencc-js/t2cn";

export type Lang = "zh" | "en";

// Each converter builds its dictionaries' trie when made (Simplified→Traditional: a fifth of a second), so each
// is made on first use rather than at import: the server starts without them, and most questions never need the
// second one (isTraditional asks for it only when a question has characters to simplify). Their modules (1.2 MB of
// dictionary source) are loaded then too, not compiled at every start.
let toSimplifiedConverter: ((text: string) => string) | null = null;
let toTraditionalConverter: ((text: string) => string) | null = null;
const load = createRequire(import.meta.url);

export function toSimplified(text: string): string {
  return (toSimplifiedConverter ??= (load("opencc-js/t2cn") as typeof OpenCC).Converter({ from: "tw", to: "cn" }))(text);
}

export function toTraditional(text: string): string {
  return (toTraditionalConverter ??= (load("opencc-js/cn2t") as typeof OpenCC).Converter({ from: "cn", to: "tw" }))(text);
}

const HAN_RE = /[\u3400-\u9fff\uf900-\ufaff]/g;
const LATIN_WORD_RE = /[a-z]+(?:'[a-z]+)?/gi;

/** Chinese when Chinese characters outweigh Latin words (two characters count as one word). */
export function detectLanguage(text: string): Lang {
  const han = text.match(HAN_RE)?.length ?? 0;
  const latinWords = text.match(LATIN_WORD_RE)?.length ?? 0;
  return han > 0 && han / 2 >= latinWords ? "zh" : "en";
}

/**
 * Traditional when more characters change on the way to Simplified than on the way to Traditional. A
 * plain "changes under conversion" test misreads Simplified text: OpenCC maps 么 to 幺 (and a few
 * shared characters similarly), so "…办法么？" looked Traditional.
 */
export function isTraditional(text: string): boolean {
  const chars = [...text];
  const changed = (converted: string) => [...converted].filter((c, i) => c !== chars[i]).length;
  const towardSimplified = changed(toSimplified(text));
  return towardSimplified > 0 && towardSimplified > changed(toTraditional(text));
}

/** The text in Simplified script; Simplified text is left as it is (converting it can change shared characters). */
export function asSimplified(text: string): string {
  // OpenCC keeps 甚麼 as 甚么; Simplified writes 什么, as every reader of the question expects.
  return isTraditional(text) ? toSimplified(text).replaceAll("甚么", "什么") : text;
}

/** Folds odd Unicode (full-width letters, compatibility forms, zero-width marks) before anything reads the text. */
export function cleanInput(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, "")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}
