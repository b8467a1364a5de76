import { errorMessage } from "../adapters/describe-error.js";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../logger.js";
import { checkHealth, healthHttpStatus, type HealthOptions } from "./health.js";
import type { EstuMetrics } from "./metrics.js";

/** A handler for `HttpServer.route`. */
export type ObservabilityRoute = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** Where Prometheus scrapes, and where load balancers and Docker look. */
export const metricsPath = "/metrics";
export const healthPath = "/health";

/** GET and HEAD only: both answers describe this moment and change nothing. */
function refuseOtherMethods(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method === "GET" || request.method === "HEAD") return false;
  response.writeHead(405, { allow: "GET, HEAD" }).end();
  return true;
}

/** `GET /metrics`: the process's metrics in the Prometheus text format 0.0.4. */
export function metricsRoute(metrics: EstuMetrics, log: Logger): ObservabilityRoute {
  return async (request, response) => {
    if (refuseOtherMethods(request, response)) return;
    try {
      const body = await metrics.registry.metrics();
      response.writeHead(200, { "content-type": metrics.registry.contentType, "cache-control": "no-store" }).end(request.method === "HEAD" ? undefined : body);
    } catch (error) {
      log.warn({ problem: errorMessage(error) }, "metrics could not be rendered");
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("metrics unavailable\n");
    }
  };
}

/**
 * `GET /health`: MongoDB, Redis and each registered channel, as JSON; 200 when Estu can
 * store and queue (`ok`, or `degraded` when a channel is not working), 503 when it cannot.
 */
export function healthRoute(options: HealthOptions, log: Logger): ObservabilityRoute {
  let wasDown = false;
  return async (request, response) => {
    if (refuseOtherMethods(request, response)) return;
    const report = await checkHealth(options);
    const down = report.status === "down";
    // Logged on the change only: a probe every few seconds must not flood the log.
    if (down !== wasDown) {
      const failing = Object.entries({ mongodb: report.checks.mongodb, redis: report.checks.redis }).filter(([, check]) => !check.ok).map(([name]) => name);
      if (down) log.warn({ failing }, "health check: Estu is down");
      else log.info("health check: MongoDB and Redis answer again");
      wasDown = down;
    }
    const body = JSON.stringify(report);
    response.writeHead(healthHttpStatus(report), { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }).end(request.method === "HEAD" ? undefined : body);
  };
}
