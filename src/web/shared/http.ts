import { ChatFailure, failureOf } from "./chat.ts";

/** GET or POST JSON with a timeout; every failure becomes a ChatFailure, a caller's abort rethrows the AbortError. */
export async function requestJson<T>(url: string, options: { body?: unknown; signal?: AbortSignal; timeoutMs?: number } = {}): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs ?? 15000);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort);
  try {
    const res = await fetch(url, {
      signal: controller.signal,
      ...(options.body !== undefined
        ? { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(options.body) }
        : {}),
    });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw failureOf(res.status, json, res.headers.get("Retry-After"));
    return json as T;
  } catch (err) {
    if (err instanceof ChatFailure) throw err;
    if (timedOut) throw new ChatFailure("timeout", "timed out");
    if ((err as Error).name === "AbortError") throw err;
    throw new ChatFailure(navigator.onLine === false ? "offline" : "unreachable", (err as Error).message);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}
