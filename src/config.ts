import type { TimeOfDay, WorkingHours } from "./core/deadlines/working-hours.js";
import { z } from "zod";

/** Empty and blank values count as unset, so a copied `.env.example` runs on the defaults. */
const unsetIfBlank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const optionalUrl = (example: string) =>
  z.preprocess(unsetIfBlank, z.url({ message: `must be a URL such as ${example}` }).optional());

const booleanFlag = z.preprocess(
  unsetIfBlank,
  z
    .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
    .default("false")
    .transform((value) => value === "true" || value === "1" || value === "yes"),
);

const withDefault = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfBlank, schema);

const timeZone = withDefault(
  z.string().default("Asia/Almaty").refine(isKnownTimeZone, { message: "must be an IANA time zone such as Asia/Almaty" }),
);

const telegramToken = z.preprocess(
  unsetIfBlank,
  z
    .string()
    .regex(/^\d+:[\w-]{20,}$/, { message: "must look like 123456:ABC-... (from @BotFather)" })
    .optional(),
);

/** Every environment variable Estu reads, with its default. `.env.example` documents each. */
/** The parts of Estu a process runs; all of them by default, each only when configured. */
export const roles = ["telegram", "admin", "whatsapp", "worker"] as const;
export type Role = (typeof roles)[number];

const roleList = withDefault(
  z
    .string()
    .default("all")
    .transform((text) => text.split(",").map((part) => part.trim().toLowerCase()).filter(Boolean))
    .refine((parts) => parts.every((part) => part === "all" || (roles as readonly string[]).includes(part)), {
      message: `must be "all" or a comma-separated list of ${roles.join(", ")}`,
    })
    .transform((parts): Role[] => (parts.includes("all") ? [...roles] : roles.filter((role) => parts.includes(role)))),
);

const environmentSchema = z.object({
  MONGODB_URI: optionalUrl("mongodb://127.0.0.1:27017/estu"),
  MONGODB_DB: withDefault(z.string().regex(/^[\w-]{1,60}$/, { message: "must be a database name (letters, digits, _ and -)" }).default("estu")),
  REDIS_URL: optionalUrl("redis://127.0.0.1:6379"),
  ESTU_DATA_DIR: withDefault(z.string().default(".data")),
  ESTU_TIMEZONE: timeZone,
  LOG_LEVEL: withDefault(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
    message: "must be one of fatal, error, warn, info, debug, trace, silent",
  }).default("info")),
  TELEGRAM_BOT_TOKEN: telegramToken,
  TELEGRAM_ADMIN_BOT_TOKEN: telegramToken,
  TELEGRAM_API_ROOT: withDefault(
    z.url({ message: "must be a URL such as https://api.telegram.org" }).default("https://api.telegram.org"),
  ),
  TELEGRAM_WEBHOOK_URL: optionalUrl("https://estu.example.kz/telegram"),
  WHATSAPP_ENABLED: booleanFlag,
  ESTU_ROLES: roleList,
  ESTU_REDIS_PREFIX: withDefault(z.string().regex(/^[\w{}-]{1,40}$/, { message: "must be letters, digits, _, - or a {hash tag} (at most 40)" }).default("estu")),
  ESTU_WORKING_HOURS: withDefault(
    z
      .string()
      .default("09:00-18:00")
      .refine((text) => /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/.test(text) && text.slice(0, 5) < text.slice(6), {
        message: "must be opening and closing times such as 09:00-18:00",
      })
      .transform((text) => ({ opens: text.slice(0, 5) as TimeOfDay, closes: text.slice(6) as TimeOfDay })),
  ),
  ESTU_DASHBOARD_PASSWORD: z.preprocess(unsetIfBlank, z.string().min(12, { message: "must be at least 12 characters" }).optional()),
  ESTU_SIMULATOR: withDefault(z.enum(["auto", "true", "false"], { message: "must be auto, true or false" }).default("auto")),
  ESTU_LOG_KEY: z.preprocess(unsetIfBlank, z.string().min(32, { message: "must be at least 32 characters (e.g. openssl rand -hex 32)" }).optional()),
  ESTU_SIMULATOR_HOSTS: withDefault(
    z
      .string()
      .default("")
      .transform((text) => text.split(",").map((part) => part.trim().toLowerCase()).filter(Boolean))
      .refine((hosts) => hosts.every((host) => /^[a-z0-9.:-]+$/.test(host)), { message: "must be a comma-separated list of host names such as estu.internal" }),
  ),
  ESTU_HTTP_PORT: withDefault(z.coerce.number({ message: "must be a port number" }).int().min(1).max(65_535, { message: "must be a port number" }).default(3000)),
});

/** Estu's validated configuration. */
export type Config = Readonly<{
  mongodbUri: string | undefined;
  mongodbDb: string;
  redisUrl: string | undefined;
  dataDir: string;
  timeZone: string;
  logLevel: z.infer<typeof environmentSchema>["LOG_LEVEL"];
  telegram: Readonly<{
    botToken: string | undefined;
    adminBotToken: string | undefined;
    apiRoot: string;
    webhookUrl: string | undefined;
  }>;
  whatsappEnabled: boolean;
  /** What this process runs (ESTU_ROLES). */
  roles: readonly Role[];
  /** Prefix of every Redis key and queue of this deployment, so several can share one Redis. */
  redisPrefix: string;
  /** Port of Estu's HTTP server: the simulator, the open data, Telegram webhooks. */
  httpPort: number;
  /** Password of the queue dashboard (user `estu`); no dashboard without one. */
  dashboardPassword: string | undefined;
  /** When officials' reminders may go out on working days, in ESTU_TIMEZONE. */
  workingHours: WorkingHours;
  /** Secret of the citizens' stand-ins in logs; unset: a key kept in the data folder. */
  logKey: string | undefined;
  /** Run the browser simulator: `auto` runs it when no Telegram or WhatsApp channel is configured. */
  simulator: "auto" | "true" | "false";
  /** Host names, besides localhost, the simulator may be opened under. */
  simulatorHosts: readonly string[];
}>;

/** Raised when the environment is missing or malformed; its message is one line per variable. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly code = "CONFIG_INVALID";
}

/** Parses and validates the environment; throws ConfigError naming each bad variable and its fix. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? "environment");
      return `${variable} ${issue.message}; set it in .env or the environment (see .env.example).`;
    });
    throw new ConfigError(lines.join("\n"));
  }
  const e = parsed.data;
  return {
    mongodbUri: e.MONGODB_URI,
    mongodbDb: e.MONGODB_DB,
    redisUrl: e.REDIS_URL,
    dataDir: e.ESTU_DATA_DIR,
    timeZone: e.ESTU_TIMEZONE,
    logLevel: e.LOG_LEVEL,
    telegram: {
      botToken: e.TELEGRAM_BOT_TOKEN,
      adminBotToken: e.TELEGRAM_ADMIN_BOT_TOKEN,
      apiRoot: e.TELEGRAM_API_ROOT,
      webhookUrl: e.TELEGRAM_WEBHOOK_URL,
    },
    whatsappEnabled: e.WHATSAPP_ENABLED,
    roles: e.ESTU_ROLES,
    redisPrefix: e.ESTU_REDIS_PREFIX,
    httpPort: e.ESTU_HTTP_PORT,
    simulator: e.ESTU_SIMULATOR,
    simulatorHosts: e.ESTU_SIMULATOR_HOSTS,
    workingHours: e.ESTU_WORKING_HOURS,
    dashboardPassword: e.ESTU_DASHBOARD_PASSWORD,
    logKey: e.ESTU_LOG_KEY,
  };
}

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
