import type { PlanInfo } from "./answer-view.ts";

/** What a page's widget needs to start, from /api/widget/config. */
export interface WidgetConfig {
  districts: { name: string; nameEn: string | null }[];
  plans: PlanInfo[];
  starters: string[];
  contacts: boolean;
}

export type SetupProblem = "district" | "origin";

export type ConfigResult = { config: WidgetConfig } | { problem: SetupProblem; detail: string } | { unavailable: string };

export const TAG = "[政策助手 widget]";

/** Every request has a deadline; the chat stream has its own (first byte, then silence between events). */
export function timeout(ms = 10000): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), ms);
  return controller.signal;
}

/** Loads the page's configuration and tells a misconfiguration (origin not allowed, unknown district) from an outage. */
export async function fetchWidgetConfig(api: string, lang: string, district: string): Promise<ConfigResult> {
  const params = new URLSearchParams({ lang });
  if (district) params.set("district", district);
  let res: Response;
  try {
    res = await fetch(`${api}/api/widget/config?${params}`, { signal: timeout() });
  } catch {
    // Blocked by CORS or the server is down: an opaque request tells the two apart. widget.js is the one resource
    // any origin may load (Cross-Origin-Resource-Policy: cross-origin).
    const up = await fetch(`${api}/widget.js`, { mode: "no-cors", method: "HEAD", signal: timeout() }).then(
      () => true,
      () => false,
    );
    return up ? { problem: "origin", detail: "" } : { unavailable: `the assistant at ${api} cannot be reached` };
  }
  const json = await res.json().catch(() => null);
  if (res.status === 400 && json?.error?.path?.[0] === "district") return { problem: "district", detail: String(json.error.message) };
  if (!res.ok) return { unavailable: `configuration request failed: HTTP ${res.status}` };
  return { config: json as WidgetConfig };
}

/** What the web team reads in the browser console: what is wrong and what to change. */
export function setupMessage(problem: SetupProblem, o: { api: string; pageOrigin: string; district: string; detail: string }): string {
  if (problem === "district")
    return `${TAG} data-district="${o.district}" is not a district this assistant covers (${o.detail}). Fix the attribute on the <script> tag.`;
  return `${TAG} ${o.api} does not accept requests from ${o.pageOrigin}. Add this origin to WIDGET_ORIGINS on the assistant server (comma-separated), then reload.`;
}

/** WCAG contrast of white text on a #rrggbb background. */
export function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const v = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (l + 0.05);
}
