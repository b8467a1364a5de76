import { DelayedError, UnrecoverableError, Worker, type Job } from "bullmq";
import { DeliveryError } from "../core/ports/channel-sender.js";

/**
 * Hands a failed delivery back to BullMQ the right way: a 429 pauses the whole queue for
 * the channel's `retry_after` without spending an attempt; a message this process
 * cannot send (`elsewhere`) waits and is offered to the workers again, also without
 * spending one, until `channelWaitOver` (the channel has been away too long); a
 * recipient who blocked the bot is given up at once; anything else (the store away
 * included) is retried with the job's backoff. When the message is given up (blocked,
 * channel away too long, or the last attempt failed), `giveUp` records why.
 */
export async function sendFailed(
  worker: Worker,
  job: Job,
  token: string | undefined,
  error: unknown,
  giveUp: (failure: string) => Promise<void>,
  channelWaitOver = false,
): Promise<never> {
  if (error instanceof DeliveryError && error.kind === "elsewhere" && !channelWaitOver) {
    await job.moveToDelayed(Date.now() + Math.max(error.retryAfterMs, 1_000), token);
    throw new DelayedError();
  }
  if (error instanceof DeliveryError && error.kind === "rate_limited") {
    await worker.rateLimit(Math.max(error.retryAfterMs, 1_000));
    throw Worker.RateLimitError();
  }
  const permanent = error instanceof DeliveryError && (error.kind === "blocked" || error.kind === "elsewhere");
  const attempt = job.attemptsMade + 1;
  if (permanent || attempt >= (job.opts.attempts ?? 1)) {
    await giveUp(permanent ? reason(error) : `gave up after ${attempt} attempts: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (permanent) throw new UnrecoverableError(error.code);
  throw error;
}

function reason(error: DeliveryError): string {
  return error.kind === "elsewhere" ? `the channel stayed unavailable: ${error.message}` : error.message;
}
