import { cleanInput } from "../understand/script.ts";

/**
 * The parts of a multi-part question: sentences ending in a question mark (or separated by ；/另外/还有),
 * each long enough to be a question of its own. A single question comes back as one part.
 */
export function splitQuestion(message: string): string[] {
  const text = cleanInput(message);
  const pieces = text
    .split(/(?<=[？?])\s*|[；;]\s*|[，,。]\s*(?=另外|还有|此外|以及|再问|同时|also\b)/i)
    .map((p) => p.trim())
    .filter(Boolean);
  const parts: string[] = [];
  for (const p of pieces) {
    const han = p.match(/[\u3400-\u9fff]/g)?.length ?? 0;
    const words = p.split(/\s+/).length;
    const substantial = han >= 5 || (han === 0 && words >= 4);
    if (substantial || !parts.length) parts.push(p);
    else parts[parts.length - 1] += p;
  }
  return parts.length > 1 ? parts : [text];
}
