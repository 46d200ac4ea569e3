import type { ClauseHit } from "./hybrid.ts";

export interface LeadInOptions {
  /**
   * A lead-in saying the whole question leads its own measures (a Chinese question: its concepts are the asker's
   * words; an English one's are the dictionary's plan terms, which a lead-in's broad wording matches too easily).
   */
  wholeQuestionLeads?: boolean;
}

/**
 * A lead-in (the aims before a section's measures) comes after the measures that say as much: a measure names
 * the units and the figures, the lead-in only the aim. It goes after every measure of its own section that was
 * found, and after any other measure that says at least as much of the question; it leads only where it says
 * more of the question than the measures found (the aim is all the plans say on it), and before its own measures
 * too when it says the whole question and they say far less (the lead-in lists what the question asks for).
 */
export function leadInsYield(hits: ClauseHit[], options: LeadInOptions = {}): ClauseHit[] {
  const leads = hits.filter((h) => h.clause.leadIn);
  if (!leads.length) return hits;
  const out = hits.filter((h) => !h.clause.leadIn);
  for (const lead of leads) {
    const own = lead.clause.sectionPath;
    const said = lead.evidence?.coverage ?? 0;
    const originally = hits.indexOf(lead);
    let at = 0;
    for (let k = 0; k < out.length; k++) {
      const h = out[k]!;
      if (h.clause.leadIn) continue;
      const ownMeasure = h.clause.planId === lead.clause.planId && own.every((s, n) => h.clause.sectionPath[n] === s);
      const ranked = hits.indexOf(h) < originally;
      const says = h.evidence?.coverage ?? 0;
      // A lead-in that says the whole question (重点支持以下领域：…) keeps its place before own measures that say far less.
      const whole = options.wholeQuestionLeads === true && said >= WHOLE_QUESTION && says < OWN_SHARE * said;
      if (says >= said || (ownMeasure ? !whole : ranked)) at = k + 1;
    }
    out.splice(at, 0, lead);
  }
  return out;
}

/** Evidence coverage of a lead-in that says every concept of the question. */
const WHOLE_QUESTION = 0.99;
/** An own measure saying less than this share of such a lead-in's coverage does not go before it. */
const OWN_SHARE = 0.75;
