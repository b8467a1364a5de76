import { pino, type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";

export type LogFormat = "pretty" | "json";

/** Readable lines for a person at a terminal; JSON lines for a collector (a pipe, a file, `docker logs`). */
export function logFormat(stream: Readonly<{ isTTY?: boolean }>): LogFormat {
  return stream.isTTY === true ? "pretty" : "json";
}

/**
 * Structured logs, JSON or pretty-printed by `logFormat` of the destination. Log ids (appeal
 * number, citizen address, official id), never names, IINs, phones or message texts; the
 * redaction is a safety net, not the rule (it applies to both formats).
 */
export function createLogger(level: string, destination: "stdout" | "stderr" = "stdout"): Logger {
  // Operators' commands print their result on stdout, so their log goes to stderr.
  const fd = destination === "stdout" ? 1 : 2;
  const format = logFormat(destination === "stdout" ? process.stdout : process.stderr);
  return pino(
    {
      level,
      base: { service: "estu" },
      redact: { paths: ["*.applicant", "*.iin", "*.phone", "*.fullName", "*.postalAddress", "*.text"], censor: "[personal data]" },
    },
    logStream(format, fd),
  );
}

function logStream(format: LogFormat, fd: 1 | 2): DestinationStream {
  // Synchronous, so the last lines before an exit are not lost.
  return format === "pretty" ? pretty({ destination: fd, sync: true, ignore: "pid,hostname,service", translateTime: "SYS:HH:MM:ss" }) : pino.destination({ fd, sync: true });
}

export type { Logger };
