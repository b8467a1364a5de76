import type { IncomingMessage } from "node:http";

/** Host names the simulator answers on unless more are configured (ESTU_SIMULATOR_HOSTS). */
export const localHosts: readonly string[] = ["localhost", "127.0.0.1", "::1"];

/** The host name of a Host header or an Origin, without port or brackets; undefined when malformed. */
function hostNameOf(value: string, withScheme: boolean): string | undefined {
  try {
    return new URL(withScheme ? value : `http://${value}`).hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  } catch {
    return undefined;
  }
}

export type GuardRule = Readonly<{ post: boolean; json: boolean }>;

/**
 * Why a request must not reach the simulator, or undefined when it may. The console acts as a
 * supervisor with no login, so only its own page may drive it: the Host must be an allowed name
 * (a DNS-rebinding page arrives under its own name), an Origin, when sent, must be one too (any web
 * page can post to localhost), posts must carry one (browsers always send it on a post), and JSON
 * posts must say so, which no cross-site form or simple request can.
 */
export function refusedRequest(request: IncomingMessage, allowedHosts: readonly string[], rule: GuardRule): string | undefined {
  const host = hostNameOf(request.headers.host ?? "", false);
  if (!host || !allowedHosts.includes(host)) return "host not allowed";
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const originHost = hostNameOf(origin, true);
    if (!originHost || !allowedHosts.includes(originHost)) return "origin not allowed";
  }
  if (!rule.post) return undefined;
  if (request.method !== "POST") return "method not allowed";
  if (origin === undefined) return "origin missing";
  const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (rule.json && type !== "application/json") return "content type must be application/json";
  return undefined;
}
