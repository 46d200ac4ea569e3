import type { Answer } from "../../answer/schema.ts";

/** One turn of the conversation as kept across reloads. */
export type Turn = { role: "user"; text: string } | { role: "assistant"; answer: Answer; note?: string };

export interface HistoryMessage {
  role: "user" | "assistant";
  content: string;
}

const MAX_TURNS = 40;
/** The chat API takes at most 20 history messages of at most 8000 characters. */
const MAX_HISTORY = 20;
const MAX_CONTENT = 8000;

/** The conversation, kept in sessionStorage under a key per assistant, page district and language. */
export class Conversation {
  turns: Turn[] = [];

  constructor(
    private readonly key: string,
    private readonly storage: Storage | null = safeSessionStorage(),
  ) {
    this.turns = this.read();
  }

  private read(): Turn[] {
    try {
      const raw = this.storage?.getItem(this.key);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed.filter(isTurn) : [];
    } catch {
      return [];
    }
  }

  private save() {
    if (!this.storage) return;
    let turns = this.turns.slice(-MAX_TURNS);
    // When the quota is full, drop the oldest turns rather than lose the whole conversation.
    while (turns.length) {
      try {
        this.storage.setItem(this.key, JSON.stringify(turns));
        return;
      } catch {
        turns = turns.slice(2);
      }
    }
    this.storage.removeItem(this.key);
  }

  add(turn: Turn) {
    this.turns.push(turn);
    this.save();
  }

  clear() {
    this.turns = [];
    this.storage?.removeItem(this.key);
  }

  /** What the server needs to resolve follow-ups: the last turns as chat messages, bounded as the API requires. */
  history(): HistoryMessage[] {
    return this.turns
      .map((t): HistoryMessage => ({ role: t.role, content: (t.role === "user" ? t.text : t.answer.answer).slice(0, MAX_CONTENT) }))
      .slice(-MAX_HISTORY);
  }
}

function isTurn(t: unknown): t is Turn {
  const o = t as Record<string, unknown> | null;
  if (!o || typeof o !== "object") return false;
  if (o.role === "user") return typeof o.text === "string";
  const a = o.answer as Record<string, unknown> | undefined;
  return o.role === "assistant" && !!a && typeof a.answer === "string" && Array.isArray(a.citations);
}

function safeSessionStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    // Blocked storage (privacy settings, sandboxed frames): the conversation simply does not survive a reload.
    return null;
  }
}
