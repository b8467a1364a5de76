import type { IncomingMessage, ServerResponse } from "node:http";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { HonoAdapter } from "@bull-board/hono";
import { getRequestListener } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Queue } from "bullmq";
import { Hono } from "hono";
import { basicAuth } from "hono/basic-auth";

/** Where the queue dashboard is served on Estu's HTTP server. */
export const dashboardPath = "/admin/queues";

/**
 * The BullMQ queues in bull-board (waiting, delayed, failed jobs, retry and clean) behind
 * HTTP basic auth (user `estu`, ESTU_DASHBOARD_PASSWORD): an operator's tool, so put it
 * behind the reverse proxy's own protection too, or keep the port internal.
 */
export function queueDashboard(queues: readonly Queue[], password: string): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const board = new HonoAdapter(serveStatic);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter: board });
  board.setBasePath(dashboardPath);
  const app = new Hono();
  app.use(`${dashboardPath}/*`, basicAuth({ username: "estu", password }));
  app.use(dashboardPath, basicAuth({ username: "estu", password }));
  app.route(dashboardPath, board.registerPlugin());
  const listener = getRequestListener(app.fetch);
  return async (request, response) => void (await listener(request, response));
}
