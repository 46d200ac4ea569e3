import { cleanInput } from "../understand/script.ts";
import { askingClausesEn } from "./multipart-en.ts";
import { askedQuantity } from "./scope.ts";

/** A clause of a sentence that asks something (有没有…, 能不能…, …吗, 多少…). */
const ASKS =
  /有没有|能不能|能否|可不可以|是否|要不要|会不会|[吗嘛]|怎么|如何|怎样|哪些|哪个|哪里|哪儿|多少|多久|(?<![好十])几(?!乎)|(?:什么|啥|谁)(?![都也])|([\u3400-\u9fff])不\1|[能行办]不$/;
/** A clause that sets something aside before asking about the rest: 除了比赛，…; Besides the fund, … */
const EXCLUSION_LEAD = /^(?:那)?除(?:了)?|^(?:and )?(?:apart from|aside from|besides|other than|except(?: for)?)\b/i;
const ENUMERATOR = /^\s*(?:\(?\d{1,2}\)|[①-⑩])\s*/;
/** A clause that asks about a second thing, marked by 又 (网办比例又是多少, 注销又要几天). */
const ANOTHER = /^[^，,]{2,14}?又(?:是|有|要|能|该|会|得|怎么|如何|多少|几|在哪|由谁)/;
/** Two clauses that each ask for a figure of their own (工作室建几家，培训要搞多少人次) are two questions. */
function twoFigures(a: string, b: string): boolean {
  const han = (x: string) => x.match(/[\u3400-\u9fff]/g)?.length ?? 0;
  return han(a) >= 5 && han(b) >= 5 && askedQuantity(a) !== null && askedQuantity(b) !== null;
}

/** A sentence that asks this many things one after another, comma after comma, is a list of questions. */
const LIST_OF_QUESTIONS = 3;

/**
 * The parts of a multi-part question: sentences ending in a question mark (or separated by ；/另外/还有),
 * and within a sentence, clauses that each ask something of their own (员工住房有没有人才公寓、能不能搞
 * 博士后工作站): each long enough to be a question of its own. A lead-in (老板让我问三件事：) stays with the
 * first part. A single question comes back as one part.
 */
export function splitQuestion(message: string): string[] {
  const text = cleanInput(message);
  const pieces = text
    .split(/(?<=[？?])\s*|[；;]\s*|[，,。]\s*(?=另外|还有|此外|以及|再问|同时|also\b)|\s*(?=(?:\(?\d{1,2}\)|[①-⑩])\s*[\u3400-\u9fff])/i)
    .flatMap(askingClauses)
    .flatMap(askingClausesEn)
    .map((p) => p.trim())
    .filter(Boolean);
  const parts: string[] = [];
  // "除了比赛，还有孵化吗" asks one thing: what it sets aside is a lead-in of the part after it.
  for (let i = pieces.length - 2; i >= 0; i--)
    if (EXCLUSION_LEAD.test(pieces[i]!) && !ASKS.test(pieces[i]!))
      pieces.splice(i, 2, `${pieces[i]!.replace(/[，,]$/, "")},${pieces[i + 1]}`);
  let lead = "";
  for (const piece of pieces) {
    // A number before a listed question (1）, ②) is no part of it.
    const p = piece.replace(ENUMERATOR, "");
    const han = p.match(/[\u3400-\u9fff]/g)?.length ?? 0;
    const words = p.split(/\s+/).length;
    const substantial = han >= 5 || (han === 0 && words >= 4);
    // A short lead-in that asks nothing (徐汇区：1）…) goes with the first question.
    if (!parts.length && !substantial && !ASKS.test(p)) lead += p;
    else if (substantial || !parts.length) {
      parts.push(`${lead}${p}`);
      lead = "";
    } else parts[parts.length - 1] += p;
  }
  if (lead) parts.push(lead);
  return parts.length > 1 ? parts : [text];
}

/**
 * A Chinese sentence cut where a clause that asks follows a clause that already asked, at an enumeration
 * comma or a colon (、：); a comma more often joins one question's halves (我想注销公司，有什么简便办法), so
 * it cuts only a sentence that asks three things or more (网上能办不，刻章要不要钱，注销麻不麻烦).
 */
function askingClauses(sentence: string): string[] {
  if (!/[\u3400-\u9fff]/.test(sentence)) return [sentence];
  const commas = sentence.split(/(?<=[，,])/);
  const listed = commas.filter((c) => ASKS.test(c.replace(/[，,]$/, ""))).length >= LIST_OF_QUESTIONS;
  // A clause that asks "and X, what about it" (…覆盖要到多少，网办比例又是多少), or for a figure of its own after
  // a clause that asked for one, is a second question after one comma.
  const atComma = listed
    ? commas
    : commas.reduce<string[]>((out, c) => {
        const before = out.at(-1)?.replace(/[，,]$/, "");
        if (before !== undefined && ASKS.test(before) && (ANOTHER.test(c) || twoFigures(before, c.replace(/[，,]$/, "")))) out.push(c);
        else if (out.length) out[out.length - 1] += c;
        else out.push(c);
        return out;
      }, []);
  const clauses = atComma.flatMap((c) => c.split(/(?<=[、：:])/));
  const out: string[] = [];
  let asked = false;
  for (const c of clauses) {
    const asks = ASKS.test(c.replace(/[、：:，,]$/, ""));
    if (asks && asked) {
      out.push(c);
    } else if (out.length) out[out.length - 1] += c;
    else out.push(c);
    if (asks) asked = true;
  }
  // A part's trailing separator belongs to no question.
  return out.map((p) => p.replace(/[、：:，,]$/, ""));
}
