/**
 * Masks personal data before any text is written to a log line or a table. Patterns are data, applied in
 * order (longer digit runs first, so a bank card is not half-masked as a phone number).
 */
interface MaskRule {
  kind: string;
  pattern: RegExp;
  /** Keeps the leading label ("我叫") and masks what follows. */
  keepGroup?: number;
}

const D = "(?<![0-9])";
const E = "(?![0-9])";
const RULES: MaskRule[] = [
  { kind: "email", pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g },
  // 18-digit resident ID (last may be X), or the old 15-digit form.
  { kind: "id", pattern: new RegExp(`${D}[1-9]\\d{5}(?:19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}[0-9Xx]${E}`, "g") },
  { kind: "id", pattern: new RegExp(`${D}[1-9]\\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}${E}`, "g") },
  // Bank cards: 16–19 digits, optionally grouped by spaces or dashes.
  { kind: "card", pattern: new RegExp(`${D}\\d{4}(?:[ -]?\\d{4}){3}(?:[ -]?\\d{1,3})?${E}`, "g") },
  // Mainland mobile numbers, with an optional +86 / 86 prefix and separators.
  { kind: "phone", pattern: new RegExp(`(?:\\+?86[ -]?)?${D}1[3-9]\\d[ -]?\\d{4}[ -]?\\d{4}${E}`, "g") },
  // Landlines: area code 0xx(x) and 7–8 digits, with or without a dash or brackets.
  { kind: "phone", pattern: new RegExp(`(?:[(（]0\\d{2,3}[)）]|${D}0\\d{2,3}[ -]?)\\d{7,8}${E}`, "g") },
  // Any other number given as a phone number ("电话：62345678", "tel 5550123"): the label says what it is.
  { kind: "phone", pattern: /((?:电话|手机号?|座机|联系方式|(?<![a-z])(?:tel|phone|mobile))[:：]?\s*)\d[\d -]{5,18}\d/giu, keepGroup: 1 },
  // A name after 我叫 / 我是 / 联系人 / 姓名 (two to four characters).
  { kind: "name", pattern: /(我叫|我的名字是|联系人[:：]?|姓名[:：]?|本人)\s*([\p{Script=Han}·]{2,4})/gu, keepGroup: 1 },
  { kind: "name", pattern: /(\b(?:[Mm]y name is|[Nn]ame:)\s*)([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})/g, keepGroup: 1 },
];

/** Full-width digits, letters and @ + - . fold to ASCII, and invisible marks go, so neither hides a number from the rules. */
function fold(text: string): string {
  return text
    .replace(/[\u200b-\u200f\u2060-\u206f\ufeff\u00ad]/g, "")
    .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff20\uff0b\uff0d\uff0e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

export interface MaskResult {
  text: string;
  /** What was masked, by kind (counts only, never the values). */
  masked: Record<string, number>;
}

export function maskPersonalDataDetailed(text: string): MaskResult {
  const masked: Record<string, number> = {};
  let out = fold(text);
  for (const rule of RULES) {
    out = out.replace(rule.pattern, (_match, ...groups) => {
      masked[rule.kind] = (masked[rule.kind] ?? 0) + 1;
      const kept = rule.keepGroup ? String(groups[rule.keepGroup - 1] ?? "") : "";
      return `${kept}[${rule.kind}]`;
    });
  }
  return { text: out, masked };
}

/** The text with ID numbers, phone numbers, bank cards, e-mail addresses and self-given names replaced by [kind]. */
export function maskPersonalData(text: string): string {
  return maskPersonalDataDetailed(text).text;
}
