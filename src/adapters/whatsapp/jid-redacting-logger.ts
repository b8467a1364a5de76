import { pino, type Logger } from "pino";
import { logRef } from "../../core/log-ref.js";

/** WhatsApp addresses (a phone number or a LID) as they appear in Baileys' log lines. */
const jid = /\b\d{5,}(?::\d+)?@(?:s\.whatsapp\.net|lid|c\.us|g\.us)\b/g;

function redact(value: unknown): unknown {
  if (typeof value === "string") return value.replace(jid, (match) => logRef(`whatsapp:${match}`));
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Error) return { name: value.name, message: redact(value.message) };
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redact(inner)]));
  return value;
}

/**
 * A logger for Baileys that replaces every WhatsApp address in what it logs (message
 * keys, errors, free text) with the same short hash Estu's own logs use: a JID is a
 * phone number, and logs carry no personal data.
 */
export function jidRedactingLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "estu", module: "baileys" },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map(redact) as Parameters<typeof method>);
      },
    },
  });
}
