import { createHmac } from "node:crypto";

/** Turns a citizen's address into the stand-in that goes into logs and error details. */
export type LogRef = (address: string) => string;

/**
 * A stable stand-in for a citizen's address in logs: the channel and 48 bits of an HMAC
 * keyed with a secret, enough to follow one citizen through the logs. A plain hash would
 * not do: a WhatsApp address is a phone number, and every Kazakh mobile number can be
 * hashed in half an hour; without the key nobody can. The key comes from the host
 * (ESTU_LOG_KEY or a file in the data folder), so the same address gets the same
 * stand-in in every process of a deployment.
 */
export function createLogRef(key: string | Uint8Array): LogRef {
  if (key.length === 0) throw new Error("logRef needs a non-empty key");
  return (address) => {
    const channel = address.split(":")[0] ?? "unknown";
    return `${channel}:${createHmac("sha256", key).update(address).digest("hex").slice(0, 12)}`;
  };
}
