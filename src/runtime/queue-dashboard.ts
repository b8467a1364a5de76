import type { IncomingMessage, ServerResponse } from "node:http";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { HonoAdapter } from "@bull-board/hono";
import { getRequestListener } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Queue } from "bullmq";
import { Hono } from "hono";
import { basicAuth } from "hono/basic-auth";
import { deliveriesQueueName } from "../queue/deliveries.js";
import { alertsQueueName, deadlinesQueueName } from "../queue/deadlines.js";
import { producerConnection } from "../queue/redis-connections.js";
import type { Logger } from "../logger.js";
import type { Runtime } from "./boot.js";

/** Where the queue dashboard is served on Estu's HTTP server. */
export const dashboardPath = "/admin/queues";

/**
 * The BullMQ queues in bull-board (waiting, delayed, failed jobs, retry and clean) behind
 * HTTP basic auth (user `estu`, ESTU_DASHBOARD_PASSWORD): an operator's tool, so put it
 * behind the reverse proxy's own protection too, or keep the port internal.
 */
export function queueDashboard(runtime: Runtime, password: string, log: Logger): Readonly<{ route: (request: IncomingMessage, response: ServerResponse) => Promise<void>; close: () => Promise<void> }> {
  const connection = producerConnection(runtime.redisUrl);
  connection.on("error", (error: Error) => log.debug({ problem: error.message }, "Redis for the queue dashboard is unavailable"));
  const queues = [deliveriesQueueName, deadlinesQueueName, alertsQueueName].map((name) => new Queue(name, { connection, prefix: runtime.config.redisPrefix }));
  const board = new HonoAdapter(serveStatic);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter: board });
  board.setBasePath(dashboardPath);
  const app = new Hono();
  app.use(`${dashboardPath}/*`, basicAuth({ username: "estu", password }));
  app.use(dashboardPath, basicAuth({ username: "estu", password }));
  app.route(dashboardPath, board.registerPlugin());
  const listener = getRequestListener(app.fetch);
  return {
    route: async (request, response) => void (await listener(request, response)),
    close: async () => {
      for (const queue of queues) await queue.close();
      connection.disconnect();
    },
  };
}
