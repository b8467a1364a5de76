import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ChildService } from "./child-service.js";

const fileName = "running.url";

/**
 * An embedded server one Estu process started, found by the others on the same data
 * folder (`npm run cli` beside `npm start`): two servers on one set of files would
 * corrupt it. The starter writes the URL next to the data and removes it on stop.
 */
export async function runningService(dataDir: string, answers: (url: string) => Promise<boolean>): Promise<string | undefined> {
  const url = await readFile(join(dataDir, fileName), "utf8").then(
    (text) => text.trim(),
    () => undefined,
  );
  return url && (await answers(url)) ? url : undefined;
}

/** Records `service` as the one serving `dataDir` until it stops. */
export async function announce(dataDir: string, service: ChildService): Promise<ChildService> {
  const file = join(dataDir, fileName);
  await writeFile(file, `${service.url}\n`);
  return {
    url: service.url,
    stop: async () => {
      await rm(file, { force: true });
      await service.stop();
    },
  };
}
