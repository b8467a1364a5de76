import { Redis } from "ioredis";

const common = {
  // Reconnect with a growing pause, capped at 5 s: Redis gone for 30 s costs at most 5 s after it returns.
  retryStrategy: (attempt: number) => Math.min(attempt * 200, 5_000),
};

/**
 * Redis connections as BullMQ's production guidance asks: a worker's connection
 * retries forever (`maxRetriesPerRequest: null`) so a Redis restart only pauses
 * delivery; a producer's fails fast (`enableOfflineQueue: false`) so the caller learns
 * at once that nothing was queued and the outbox sweep can try again later.
 */
export function workerConnection(url: string): Redis {
  return new Redis(url, { ...common, maxRetriesPerRequest: null });
}

/** A connection for adding jobs; see `workerConnection`. */
export function producerConnection(url: string): Redis {
  return new Redis(url, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
}
