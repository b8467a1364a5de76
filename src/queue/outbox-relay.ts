import type { JobsOptions, Queue } from "bullmq";
import type { Appeal, OutboxEntry } from "../core/appeal/appeal.js";
import type { AppealRepository } from "../core/ports/appeal-repository.js";
import { deliveryJobOptions, type DeliveryJob } from "./deliveries.js";

/**
 * Moves outbox entries into the deliveries queue, each under its entry id as the job
 * id, so relaying the same entry twice queues it once. Called right after the write
 * that made an entry; `sweep` picks up whatever a crash or an outage left behind.
 */
export class OutboxRelay {
  constructor(
    private readonly queue: Queue<DeliveryJob>,
    private readonly appeals: AppealRepository,
    private readonly jobOptions: JobsOptions = deliveryJobOptions,
  ) {}

  /**
   * Queues the appeal's entries that are neither delivered nor failed and have no job on
   * its way; returns how many it queued (concurrent relays of one entry may each count it).
   */
  async relay(appeal: Appeal): Promise<number> {
    let queued = 0;
    for (const [index, entry] of appeal.outbox.entries()) {
      if (!entry.deliveredAt && !entry.failedAt && (await this.queueEntry(appeal.id, index, entry))) queued += 1;
    }
    return queued;
  }

  /**
   * Relays every appeal with pending entries, by number, a page at a time, so however many
   * entries are stuck, every one is reached. Each page scans the outbox marks (a few documents
   * unless an outage left many behind), so run it every tens of seconds, not in a tight loop.
   */
  async sweep(pageSize = 200): Promise<number> {
    let queued = 0;
    let after: string | undefined;
    do {
      const page = await this.appeals.listWithPendingOutbox(pageSize, after);
      for (const appeal of page.appeals) queued += await this.relay(appeal);
      after = page.next;
    } while (after !== undefined);
    return queued;
  }

  /**
   * BullMQ ignores an add under the id of a job it still keeps, so a finished job (failed
   * after its last attempt, or stalled once too often by crashes) is removed first; one
   * waiting, delayed or running is on its way and left alone.
   */
  private async queueEntry(appealId: string, index: number, entry: OutboxEntry): Promise<boolean> {
    const previous = await this.queue.getJob(entry.id);
    if (previous) {
      const state = await previous.getState();
      if (state !== "failed" && state !== "completed") return false;
      await this.queue.remove(entry.id);
    }
    // A job that got as far as sending keeps saying so, so its successor only marks the delivery.
    const sent = previous?.data.sent === true ? { sent: true } : {};
    await this.queue.add(entry.notice, { appealId, index, entryId: entry.id, ...sent }, { ...this.jobOptions, jobId: entry.id });
    return true;
  }
}
