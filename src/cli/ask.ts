import { createAssistant } from "../answer/assistant.ts";
import { createLlmAnswerer } from "../answer/llm.ts";
import { loadConfig } from "../config.ts";
import { ensureIndex } from "../index/store.ts";
import { ChatRequest } from "../server/schemas.ts";
import { runCli, UsageError } from "./run.ts";

const USAGE = 'usage: npm run ask -- "question" [--json] [--district 普陀区]';

/** `npm run ask -- "电子印章由谁负责？" [--json] [--district 普陀区]`: the same answer as POST /api/chat. */
await runCli(
  USAGE,
  { allowPositionals: true, options: { json: { type: "boolean", default: false }, district: { type: "string" } } },
  async ({ values, positionals }) => {
    const parsed = ChatRequest.safeParse({ message: positionals.join(" "), district: values.district });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError(`${issue.path.join(".")}: ${issue.message}`);
    }
    const config = loadConfig();
    const index = await ensureIndex(config, (m) => console.error(m));
    const llm = config.chat ? createLlmAnswerer(config.chat) : null;
    const assistant = createAssistant(index, {
      llm,
      output: config.answer,
      onLlmError: (err) => console.error(`LLM failed, answering offline: ${(err as Error).message}`),
    });
    const answer = await assistant.ask(parsed.data);
    if (values.json) console.log(JSON.stringify(answer, null, 2));
    else {
      console.log(answer.answer);
      if (answer.citations.length) console.log(`\n[${answer.status}, ${answer.mode}] ${answer.citations.map((c) => c.id).join(", ")}`);
    }
  },
);
