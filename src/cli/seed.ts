// `npm run seed`: loads data/*.yaml into MongoDB. Safe to run any number of times.
import { boot } from "../runtime/boot.js";
import { runCommand } from "../runtime/run-command.js";

await runCommand(async (config, log) => {
  const runtime = await boot(config, log);
  await runtime.stop();
});
