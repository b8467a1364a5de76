// `npm run cli -- <command>`: operators' commands. Each boots storage like `npm start`
// (or joins the embedded servers a running Estu started) and stops when done.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { Api } from "grammy";
import type { Config } from "../config.js";
import { AppError } from "../core/errors.js";
import { officialRoles } from "../core/ports/official-repository.js";
import { defaultInviteDays, issueInvite } from "../core/use-cases/onboard-official.js";
import type { Logger } from "../logger.js";
import { boot } from "../runtime/boot.js";
import { runCommand } from "../runtime/run-command.js";

const usage = `Usage:
  npm run cli -- invite --agency <agency-id> --role <${officialRoles.join("|")}> [--days ${defaultInviteDays}]
      Prints a one-time invite code for the officials' admin bot (and its t.me link).`;

await runCommand(async (config, log) => {
  const [command, ...rest] = process.argv.slice(2);
  switch (command) {
    case "invite":
      return invite(config, log, rest);
    default:
      throw new AppError("CLI_USAGE", command ? `Unknown command '${command}'.\n${usage}` : usage);
  }
});

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
