// `npm run cli -- <command>`: operators' commands. Each boots storage like `npm start`
// (or joins the embedded servers a running Estu started) and stops when done.
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
import { runCommand } from "../runtime/run-command.js";
import { runWhatsAppLink } from "../runtime/start-whatsapp.js";
import { maxPeriodDays, parseStatsPeriod } from "../core/stats/period.js";
import { responsivenessForPeriod } from "../core/stats/responsiveness-for-period.js";
import { buildResponsivenessReport, responsivenessCsv, responsivenessReportJson } from "../reports/responsiveness-report.js";
import { MongoAppealStats } from "../store/mongo-appeal-stats.js";
import { rebuildAppealIndexes } from "../store/rebuild-appeal-indexes.js";

const usage = `Usage:
  npm run cli -- invite --agency <agency-id> --role <${officialRoles.join("|")}> [--days ${defaultInviteDays}]
      Prints a one-time invite code for the officials' admin bot (and its t.me link).
  npm run cli -- export --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--agency <agency-id>] [--format csv|json] [--excel] [--out <file>]
      Responsiveness figures of the appeals received in the period, without personal data.
      --excel writes ';'-separated CSV with decimal commas, as Excel with Kazakh or Russian settings expects.
  npm run cli -- whatsapp:link [--phone <+7...>]
      Links Estu's WhatsApp account: a QR code to scan, or with --phone a pairing code to type on the phone.
  npm run cli -- appeals:recount
      Counts the inbox figures and the citizens' "my appeals" lists again from the appeals (after a crash; best when quiet).`;

await runCommand(async (config, log) => {
  const [command, ...rest] = process.argv.slice(2);
  switch (command) {
    case "invite":
      return invite(config, log, rest);
    case "export":
      return exportFigures(config, log, rest);
    case "whatsapp:link":
      return linkWhatsApp(config, log, rest);
    case "appeals:recount":
      return recountAppeals(config, log);
    default:
      throw new AppError("CLI_USAGE", command ? `Unknown command '${command}'.\n${usage}` : usage);
  }
}, "stderr");

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
    const result = await runWhatsAppLink({ connection: runtime.connection, redisUrl: runtime.redisUrl, keyPrefix: `${config.redisPrefix}:whatsapp`, log, phone: values.phone });
    process.stdout.write(result.alreadyLinked ? `WhatsApp is already linked (${result.account}).\n` : `WhatsApp linked: ${result.account}. Start Estu with WHATSAPP_ENABLED=true.\n`);
  } finally {
    await runtime.stop();
  }
}

async function recountAppeals(config: Config, log: Logger): Promise<void> {
  const runtime = await boot(config, log);
  try {
    const counted = await rebuildAppealIndexes(runtime.connection);
    process.stdout.write(`Recounted ${counted} appeals: inbox figures and citizens' lists rewritten.\n`);
  } finally {
    await runtime.stop();
  }
}
