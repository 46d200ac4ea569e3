import type { FailureKind } from "../shared/chat.ts";

/** The console is in Chinese throughout, errors included. */
export const FAILURE_ZH: Record<FailureKind, string> = {
  offline: "网络已断开，请检查网络。",
  unreachable: "连不上政策助手服务，请稍后重试。",
  origin: "本页面无权访问政策助手服务。",
  district: "区名不在覆盖范围内。",
  rate_limited: "查询太频繁，请稍候再试。",
  timeout: "查询超时，请重试。",
  server: "服务出错，请重试。",
  loading: "政策助手正在启动，请稍后重试。",
  bad_request: "问题无法处理，请换个说法。",
};
