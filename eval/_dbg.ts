import { createAssistant } from "../src/answer/assistant.ts";
import { buildIndex } from "../src/index/store.ts";
import { tempCorpus } from "../test/helpers.ts";
const t = tempCorpus();
const { index } = await buildIndex(t.config);
const a = createAssistant(index);
for (const q of process.argv.slice(2)) {
  const r = await a.ask({ message: q });
  console.log(q, r.status, r.confidence, r.citations.map((c) => c.id).join(" "), r.answer.slice(0, 120));
}
t.cleanup();
