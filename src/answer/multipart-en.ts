import { detectLanguage } from "../understand/script.ts";

/**
 * English multi-part questions: one sentence that asks several things, clause after clause ("how fast is
 * FIE setup, what's the success-rate target, and who handles cross-border e-commerce?"). Each clause that
 * starts with a question word after a comma or an "and" is a question of its own; a lead-in before a colon
 * ("Three quick ones for Xiling:", "For Donggang:") goes with the first.
 */

/**
 * What opens a clause that asks something of its own: a question word with its verb or its object (how
 * long, what's, who handles, which office, when will), or a verb that asks (is there, does it, can we). A
 * "when" or "if" that sets the scene (When I register…, If we self-report…) opens none.
 */
const AUX = String.raw`(?:is|are|was|were|does|do|did|will|would|can|could|should|has|have)`;
const OPENS_QUESTION = new RegExp(
  String.raw`^(?:how\s+(?:much|many|long|fast|quickly|soon|often|big|large|far|${AUX})|what(?:'s|s)?\s|who(?:'s)?\s|which\s|(?:when|where|why)\s+${AUX}\b|by when|until when|${AUX}\s+(?:there|it|that|this|they|we|i|you|the|a|an|any|my|our)\b)`,
  "i",
);
/**
 * Whether a clause asks: it opens like a question, after at most a few words setting the place (In Binhe how
 * long…) or after a sentence that only introduces the asker (Consultant here. In Beitang how many…).
 */
function opensQuestion(clause: string): boolean {
  const sentence = clause
    .split(/[.!]\s+/)
    .at(-1)!
    .trim();
  const words = sentence.split(/\s+/);
  for (let skip = 0; skip <= SETTING_WORDS && skip < words.length; skip++)
    if (OPENS_QUESTION.test(words.slice(skip).join(" ")))
      return skip === 0 || !/^(?:if|when|as|after|before|once|while|since|because|although|though|unless|or)$/i.test(words[0]!);
  return false;
}
/** How many words may set the place before the question word (In Binhe, For our firm in Putuo). */
const SETTING_WORDS = 3;

/** A comma (with an optional "and"/"plus"/"also"), or an "and" alone: where a second question may start. */
const CUT = /\s*,\s*(?:(?:and|plus|also)\s+)?|\s+and\s+(?=(?:how|what|who|which|when|where|why|by when|is|are|does|do|can|will)\b)/i;
/** A lead-in before a colon or a dash that names what all the parts are about. */
const LEAD = /^([^:?]{2,60}?)(?::|\s[—–-]\s)\s*/;
/** A clause this short is no question of its own (", and when?" stays with the clause before; the splitter keeps parts of four words or more). */
const MIN_WORDS = 4;

/** The questions one English sentence asks, or the sentence whole when it asks one thing. */
export function askingClausesEn(sentence: string): string[] {
  // Chinese (with a few Latin words) is the Chinese splitter's; English quoting a Chinese term ('掌上办') is cut here.
  if (detectLanguage(sentence) !== "en") return [sentence];
  const lead = LEAD.exec(sentence);
  const body = lead ? sentence.slice(lead[0].length) : sentence;
  // A clause is a question of its own when it opens like one and so did the clause before it; else it
  // continues that clause (In Xuhui, how quickly…; If we self-report, can we…; a list inside one question).
  const clauses: { text: string; asks: boolean }[] = [];
  for (const piece of body.split(CUT)) {
    const words = piece.split(/\s+/).filter((w) => /[a-z0-9]/i.test(w)).length;
    const asks = opensQuestion(piece);
    const last = clauses.at(-1);
    if (last && asks && last.asks && words >= MIN_WORDS) clauses.push({ text: piece, asks });
    else if (last) {
      last.text += `, ${piece}`;
      last.asks ||= asks;
    } else clauses.push({ text: piece, asks });
  }
  if (clauses.length < 2) return [sentence];
  // The lead-in (…for Xiling:) goes with the first part; the assistant gives every part the districts the whole names.
  const parts = clauses.map((c) => c.text.trim());
  if (lead) parts[0] = `${lead[1]}: ${parts[0]}`;
  return parts;
}
