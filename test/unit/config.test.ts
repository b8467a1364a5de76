import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("loadConfig", () => {
  it("runs on embedded defaults with an empty environment", () => {
    expect(loadConfig({})).toEqual({
      mongodbUri: undefined,
      mongodbDb: "estu",
      redisUrl: undefined,
      dataDir: ".data",
      timeZone: "Asia/Almaty",
      logLevel: "info",
      telegram: { botToken: undefined, adminBotToken: undefined, apiRoot: "https://api.telegram.org", webhookUrl: undefined },
      whatsappEnabled: false,
      roles: ["telegram", "admin", "whatsapp", "worker"],
      redisPrefix: "estu",
      httpPort: 3000,
      simulator: "auto",
      workingHours: { opens: "09:00", closes: "18:00" },
      dashboardPassword: undefined,
      logKey: undefined,
      simulatorHosts: [],
    });
  });

  it("treats blank values as unset, as in a copied .env.example", () => {
    expect(loadConfig({ MONGODB_URI: "", REDIS_URL: "  ", ESTU_TIMEZONE: "", WHATSAPP_ENABLED: "" })).toMatchObject({
      mongodbUri: undefined,
      redisUrl: undefined,
      timeZone: "Asia/Almaty",
      whatsappEnabled: false,
    });
  });

  it("reads every variable", () => {
    const config = loadConfig({
      MONGODB_URI: "mongodb://db.example.kz:27017/?replicaSet=rs0&w=majority",
      MONGODB_DB: "estu_prod",
      REDIS_URL: "redis://:secret@cache:6379/0",
      ESTU_DATA_DIR: "/var/lib/estu",
      ESTU_TIMEZONE: "Asia/Aqtobe",
      LOG_LEVEL: "debug",
      TELEGRAM_BOT_TOKEN: "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
      TELEGRAM_ADMIN_BOT_TOKEN: "654321:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
      TELEGRAM_API_ROOT: "http://127.0.0.1:8081",
      TELEGRAM_WEBHOOK_URL: "https://estu.example.kz/telegram",
      WHATSAPP_ENABLED: "true",
      ESTU_ROLES: "admin, worker",
      ESTU_REDIS_PREFIX: "{estu}",
      ESTU_HTTP_PORT: "8080",
      ESTU_WORKING_HOURS: "08:30-17:30",
    });
    expect(config).toMatchObject({ mongodbDb: "estu_prod", timeZone: "Asia/Aqtobe", logLevel: "debug", whatsappEnabled: true, dataDir: "/var/lib/estu" });
    expect(config).toMatchObject({ roles: ["admin", "worker"], redisPrefix: "{estu}", httpPort: 8080, workingHours: { opens: "08:30", closes: "17:30" } });
    expect(config.telegram).toEqual({
      botToken: "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
      adminBotToken: "654321:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
      apiRoot: "http://127.0.0.1:8081",
      webhookUrl: "https://estu.example.kz/telegram",
    });
  });

  it("names each malformed variable and its fix, one line each", () => {
    const attempt = () =>
      loadConfig({ ESTU_TIMEZONE: "Asia/Nowhere", TELEGRAM_BOT_TOKEN: "not-a-token", WHATSAPP_ENABLED: "maybe", REDIS_URL: "not a url", LOG_LEVEL: "loud", ESTU_ROLES: "telegram,web", ESTU_HTTP_PORT: "70000" });
    expect(attempt).toThrow(ConfigError);
    const lines = (() => {
      try {
        attempt();
        return [];
      } catch (error) {
        return (error as Error).message.split("\n");
      }
    })();
    expect(lines).toHaveLength(7);
    expect(lines.map((line) => line.split(" ")[0]).sort()).toEqual(["ESTU_HTTP_PORT", "ESTU_ROLES", "ESTU_TIMEZONE", "LOG_LEVEL", "REDIS_URL", "TELEGRAM_BOT_TOKEN", "WHATSAPP_ENABLED"]);
    expect(lines.find((line) => line.startsWith("ESTU_TIMEZONE"))).toBe(
      "ESTU_TIMEZONE must be an IANA time zone such as Asia/Almaty; set it in .env or the environment (see .env.example).",
    );
  });
});
