import { pino, type Logger } from "pino";

/**
 * Structured JSON logs. Log ids (appeal number, citizen address, official id), never
 * names, IINs, phones or message texts; the redaction is a safety net, not the rule.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "estu" },
    redact: { paths: ["*.applicant", "*.iin", "*.phone", "*.fullName", "*.postalAddress", "*.text"], censor: "[personal data]" },
  });
}

export type { Logger };
