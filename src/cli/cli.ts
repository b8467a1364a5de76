// The operators' commands of `npm run cli -- <command>` (entry: operator-cli.ts). Each boots
// storage like `npm start` (or joins the embedded servers a running Estu started) and stops when done.
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { Api } from "grammy";
import type { Config } from "../config.js";
import { AppError } from "../core/errors.js";
import { officialRoles } from "../core/ports/official-repository.js";
import { defaultInviteDays, issueInvite } from "../core/use-cases/onboard-official.js";
import type { Logger } from "../logger.js";
import { boot } from "../runtime/boot.js";
import { runWhatsAppLink } from "../runtime/start-whatsapp.js";
import { maxPeriodDays, parseStatsPeriod } from "../core/stats/period.js";
import { responsivenessForPeriod } from "../core/stats/responsiveness-for-period.js";
import { buildResponsivenessReport, responsivenessCsv, responsivenessReportJson } from "../reports/responsiveness-report.js";
import { MongoAppealStats } from "../store/mongo-appeal-stats.js";
import { rebuildAgencyRosters } from "../store/mongo-official-repository.js";
import { rebuildAppealIndexes } from "../store/rebuild-appeal-indexes.js";
import { unlinkWhatsAppNumber } from "../store/unlink-whatsapp-number.js";
import { usage } from "./cli-usage.js";

/** The commands by name; `operator-cli.ts` (the `npm run cli` entry) loads this module only to run one. */
export const commands = { invite, export: exportFigures, "whatsapp:link": linkWhatsApp, "whatsapp:unlink": unlinkWhatsApp, "appeals:recount": recountAppeals } as const;

async function invite(config: Config, log: Logger, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { agency: { type: "string" }, role: { type: "string" }, days: { type: "string" } }, strict: true });
  const role = officialRoles.find((candidate) => candidate === values.role);
  const days = values.days === undefined ? defaultInviteDays : Number(values.days);
  if (!values.agency || !role || !Number.isInteger(days) || days < 1 || days > 90) {
    throw new AppError("CLI_USAGE", `invite needs --agency, --role (${officialRoles.join(", ")}) and at most --days 90.\n${usage}`);
  }
  const runtime = await boot(config, log);
  try {
    const result = await issueInvite(runtime.store, { agencyId: values.agency, role, issuer: { type: "operator", name: "cli" }, now: new Date(), days }, (size) => randomBytes(size));
    if (!result.ok) throw new AppError("UNKNOWN_AGENCY", `No agency '${values.agency}' in data/agencies.yaml (ids: ${runtime.reference.agencies.map((agency) => agency.id).join(", ")}).`);
    const link = await inviteLink(config, result.invite.code, log);
    process.stdout.write(
      [`Invite code: ${result.invite.code}`, `Agency: ${values.agency}, role: ${role}, valid once until ${result.invite.expiresAt.toISOString()}`, link ? `Link: ${link}` : "The official sends /start <code> to the admin bot.", ""].join("\n"),
    );
  } finally {
    await runtime.stop();
  }
}

/** The t.me link that opens the admin bot with the code, when its token is configured and Telegram answers. */
async function inviteLink(config: Config, code: string, log: Logger): Promise<string | undefined> {
  const token = config.telegram.adminBotToken;
  if (!token) return undefined;
  try {
    const me = await new Api(token, { apiRoot: config.telegram.apiRoot.replace(/\/+$/, "") }).getMe();
    return `https://t.me/${me.username}?start=${code}`;
  } catch {
    log.warn("Telegram did not answer getMe; printing the code without a link");
    return undefined;
  }
}

async function exportFigures(config: Config, log: Logger, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { from: { type: "string" }, to: { type: "string" }, agency: { type: "string" }, format: { type: "string" }, excel: { type: "boolean" }, out: { type: "string" } },
    strict: true,
  });
  const period = parseStatsPeriod(values.from ?? "", values.to ?? "");
  const format = values.format ?? "csv";
  if (!period.ok || (format !== "csv" && format !== "json")) {
    throw new AppError("CLI_USAGE", `export needs --from and --to as YYYY-MM-DD (from not after to, at most ${maxPeriodDays} days) and --format csv or json.\n${usage}`);
  }
  const runtime = await boot(config, log);
  try {
    if (values.agency && !runtime.reference.agencies.some((agency) => agency.id === values.agency)) throw new AppError("UNKNOWN_AGENCY", `No agency '${values.agency}' in data/agencies.yaml.`);
    const result = await responsivenessForPeriod({ stats: new MongoAppealStats(runtime.connection), calendar: runtime.calendar }, { period: period.period, now: new Date(), agencyId: values.agency });
    const report = buildResponsivenessReport(result, runtime.reference);
    const text = format === "json" ? responsivenessReportJson(report) : responsivenessCsv(report, { dialect: values.excel ? "excel-semicolon" : "rfc4180" });
    if (values.out) await writeFile(values.out, text, "utf8");
    else process.stdout.write(text);
  } finally {
    await runtime.stop();
  }
}

async function linkWhatsApp(config: Config, log: Logger, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { phone: { type: "string" } }, strict: true });
  const runtime = await boot(config, log);
  try {
    const result = await runWhatsAppLink({ connection: runtime.connection, redisUrl: runtime.redisUrl, keyPrefix: `${config.redisPrefix}:whatsapp`, log, logRef: runtime.logRef, phone: values.phone });
    process.stdout.write(result.alreadyLinked ? `WhatsApp is already linked (${result.account}).\n` : `WhatsApp linked: ${result.account}. Start Estu with WHATSAPP_ENABLED=true.\n`);
  } finally {
    await runtime.stop();
  }
}

async function unlinkWhatsApp(config: Config, log: Logger, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { phone: { type: "string" } }, strict: true });
  const digits = values.phone?.replace(/[\s()+-]/g, "");
  if (!digits || !/^\d{10,15}$/.test(digits)) throw new AppError("CLI_USAGE", `whatsapp:unlink needs --phone with the full number, e.g. +77012345678.\n${usage}`);
  const runtime = await boot(config, log);
  try {
    const result = await unlinkWhatsAppNumber(runtime.connection, digits);
    process.stdout.write(result.ok ? `Unlinked: ${result.appeals} appeal(s) of the previous owner no longer reach this number.\n` : "No citizen has written from this number.\n");
  } finally {
    await runtime.stop();
  }
}

async function recountAppeals(config: Config, log: Logger): Promise<void> {
  const runtime = await boot(config, log);
  try {
    const counted = await rebuildAppealIndexes(runtime.connection);
    await rebuildAgencyRosters(runtime.connection);
    process.stdout.write(`Recounted ${counted} appeals: inbox figures, lists and outbox marks rewritten; every official is on their agency's roster.\n`);
  } finally {
    await runtime.stop();
  }
}
