import type { PlanMeta } from "../../src/plan/schema.ts";

/** A plan's metadata with only what follow-up reading needs: id, district and title. */
export const planMeta = (id: string, district: string, districtEn: string, title: string): PlanMeta => ({
  id,
  district,
  districtEn,
  city: null,
  title,
  titleEn: null,
  issuer: null,
  docNumber: null,
  issueDate: null,
  effectiveDate: null,
});

/** Two invented districts' plans, for conversations that move between them. */
export const TWO_PLANS = [
  planMeta("anting-2024", "安亭区", "Anting District", "安亭区优化营商环境若干措施"),
  planMeta("jiangwan-2023", "江湾区", "Jiangwan District", "江湾区营商环境提升行动方案"),
];

/** One earlier exchange of a conversation: the user's question and the assistant's answer. */
export const turn = (q: string, a: string) => [
  { role: "user" as const, content: q },
  { role: "assistant" as const, content: a },
];
