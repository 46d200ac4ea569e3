import type { ClauseHit } from "../retrieve/hybrid.ts";
import type { ConfidenceLevel } from "./schema.ts";

/**
 * How likely the first citation is the right clause, from the retrieval evidence: how much of the
 * question the first clause says, how far it leads the second, and whether the lexical ranking agrees.
 * The weights and the level cut-offs were fitted on the dev set so that each level's share of right
 * first citations matches its confidence (`npm run eval` prints the calibration per set).
 */
export function answerConfidence(hits: ClauseHit[]): number {
  const [first, second] = hits;
  if (!first) return 0;
  const strength = first.evidence?.strength ?? 0;
  // How much more of the question the first clause says than the second (fused rank scores are too flat to tell).
  const lead = second ? Math.max(0, Math.min(1, (strength - (second.evidence?.strength ?? 0)) * 2)) : 1;
  const lexicalFirst = first.lexical?.rank === 1 ? 1 : 0;
  return clamp(0.3 + 0.35 * strength + 0.2 * lead + 0.15 * lexicalFirst);
}

export const HIGH = 0.75;
export const MEDIUM = 0.55;

export function levelOf(confidence: number): ConfidenceLevel {
  return confidence >= HIGH ? "high" : confidence >= MEDIUM ? "medium" : "low";
}

function clamp(x: number): number {
  return Math.max(0, Math.min(1, Math.round(x * 100) / 100));
}
