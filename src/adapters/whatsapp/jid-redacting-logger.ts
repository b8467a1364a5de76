import { pino, type Logger } from "pino";
import type { LogRef } from "../../core/log-ref.js";

/** WhatsApp addresses (a phone number or a LID) as they appear in Baileys' log lines. */
const jid = /\b\d{5,}(?::\d+)?@(?:s\.whatsapp\.net|lid|c\.us|g\.us)\b/g;

/** Every WhatsApp address in `value`, however deep, replaced by its stand-in. */
export function redactJids(value: unknown, logRef: LogRef): unknown {
  if (typeof value === "string") return value.replace(jid, (match) => logRef(`whatsapp:${match}`));
  if (Array.isArray(value)) return value.map((inner) => redactJids(inner, logRef));
  if (value instanceof Error) return { name: value.name, message: redactJids(value.message, logRef) };
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactJids(inner, logRef)]));
  return value;
}

/**
 * A logger for Baileys that replaces every WhatsApp address in what it logs (message
 * keys, errors, free text) with the same keyed stand-in Estu's own logs use: a JID is a
 * phone number, and logs carry no personal data.
 */
export function jidRedactingLogger(level: string, logRef: LogRef): Logger {
  return pino({
    level,
    base: { service: "estu", module: "baileys" },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => redactJids(arg, logRef)) as Parameters<typeof method>);
      },
    },
  });
}
