import { createHash } from "node:crypto";

/**
 * A stable stand-in for a citizen's address in logs and error details: a WhatsApp
 * address is a phone number, so only the channel and a short hash go out, enough to
 * follow one citizen through the logs.
 */
export function logRef(address: string): string {
  const channel = address.split(":")[0] ?? "unknown";
  return `${channel}:${createHash("sha256").update(address).digest("hex").slice(0, 12)}`;
}
