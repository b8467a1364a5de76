import { pino, type Logger } from "pino";

/**
 * Structured JSON logs. Log ids (appeal number, citizen address, official id), never
 * names, IINs, phones or message texts; the redaction is a safety net, not the rule.
 */
export function createLogger(level: string, destination: "stdout" | "stderr" = "stdout"): Logger {
  return pino(
    {
      level,
      base: { service: "estu" },
      redact: { paths: ["*.applicant", "*.iin", "*.phone", "*.fullName", "*.postalAddress", "*.text"], censor: "[personal data]" },
    },
    // Operators' commands print their result on stdout, so their log goes to stderr.
    pino.destination(destination === "stdout" ? 1 : 2),
  );
}

export type { Logger };
