import type { JobsOptions, Queue } from "bullmq";
import type { Appeal } from "../core/appeal/appeal.js";
import type { AppealRepository } from "../core/ports/appeal-repository.js";
import { deliveryJobOptions, type DeliveryJob } from "./deliveries.js";

/**
 * Moves outbox entries into the deliveries queue, each under its entry id as the job
 * id, so relaying the same entry twice queues it once. Called right after the write
 * that made an entry; `sweep` picks up whatever a crash left behind.
 */
export class OutboxRelay {
  constructor(
    private readonly queue: Queue<DeliveryJob>,
    private readonly appeals: AppealRepository,
    private readonly jobOptions: JobsOptions = deliveryJobOptions,
  ) {}

  /** Queues the appeal's entries that are neither delivered nor failed; returns how many. */
  async relay(appeal: Appeal): Promise<number> {
    const pending = appeal.outbox.flatMap((entry, index) => (entry.deliveredAt || entry.failedAt ? [] : [{ entry, index }]));
    if (pending.length === 0) return 0;
    await this.queue.addBulk(
      pending.map(({ entry, index }) => ({
        name: entry.notice,
        data: { appealId: appeal.id, index, entryId: entry.id },
        opts: { ...this.jobOptions, jobId: entry.id },
      })),
    );
    return pending.length;
  }

  /**
   * Relays every appeal with pending entries. On the embedded database this scans the
   * appeals, so run it every tens of seconds, not in a tight loop.
   */
  async sweep(limit = 500): Promise<number> {
    const appeals = await this.appeals.listWithPendingOutbox(limit);
    let queued = 0;
    for (const appeal of appeals) queued += await this.relay(appeal);
    return queued;
  }
}
