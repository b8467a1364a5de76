import { errorMessage } from "../adapters/describe-error.js";
import type { Appeal } from "../core/appeal/appeal.js";
import type { Logger } from "../logger.js";

export type AppealListener = (appeal: Appeal) => Promise<void>;

/**
 * Tells the parts of this process that follow appeals (the notification relay, the
 * deadline scheduler) that one was stored or changed. A listener that fails is logged;
 * the change itself is already safe in MongoDB, and the outbox and reminder sweeps
 * repair what was missed (an officials' "new appeal" alert is not repeated: they see
 * the appeal in their inbox).
 */
export class AppealEvents {
  private readonly listeners: AppealListener[] = [];

  constructor(private readonly log: Logger) {}

  on(listener: AppealListener): void {
    this.listeners.push(listener);
  }

  readonly emit = async (appeal: Appeal): Promise<void> => {
    for (const listener of this.listeners) {
      try {
        await listener(appeal);
      } catch (error) {
        this.log.warn({ appealId: appeal.id, problem: errorMessage(error) }, "an appeal change was not followed up yet; the sweep will");
      }
    }
  };
}
