import { officialRoles } from "../core/ports/official-repository.js";
import { defaultInviteDays } from "../core/use-cases/onboard-official.js";

/** Each command's usage, as `--help` after it prints it. */
export const usages = {
  invite: `npm run cli -- invite --agency <agency-id> --role <${officialRoles.join("|")}> [--days ${defaultInviteDays}]
      Prints a one-time invite code for the officials' admin bot (and its t.me link).`,
  export: `npm run cli -- export --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--agency <agency-id>] [--format csv|json] [--excel] [--out <file>]
      Responsiveness figures of the appeals received in the period, without personal data.
      --excel writes ';'-separated CSV with decimal commas, as Excel with Kazakh or Russian settings expects.`,
  "whatsapp:link": `npm run cli -- whatsapp:link [--phone <+7...>]
      Links Estu's WhatsApp account: a QR code to scan, or with --phone a pairing code to type on the phone.`,
  "whatsapp:unlink": `npm run cli -- whatsapp:unlink --phone <+7...>
      A citizen's number now belongs to someone else: the old owner's appeals and profile are parted from it.`,
  "appeals:recount": `npm run cli -- appeals:recount
      Counts the inbox figures, the agencies' inbox lists, the citizens' "my appeals" lists and the outbox sweep's marks again from the appeals, puts every official on their agency's roster and takes off each roster those no longer in it (after a crash; best when quiet).`,
} as const;

export type CommandName = keyof typeof usages;

/** Every command's usage, as `npm run cli -- --help` prints it. */
export const usage = `Usage:\n${Object.values(usages)
  .map((text) => `  ${text}`)
  .join("\n")}\n  npm run cli -- [<command>] --help\n      This text, or one command's.`;
