import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { AppError } from "../core/errors.js";

export type Route = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** Estu's HTTP server: the routes of the parts that run in this process, by exact path or by prefix. */
export class HttpServer {
  private readonly routes = new Map<string, Route>();
  private readonly prefixes: [string, Route][] = [];
  private server: Server | undefined;

  /** Serves `path` (POST and GET alike) with `route`. */
  route(path: string, route: Route): void {
    this.routes.set(path, route);
  }

  /** Serves every path that starts with `prefix` (ending in `/`) with `route`. */
  routePrefix(prefix: string, route: Route): void {
    this.prefixes.push([prefix, route]);
  }

  async listen(port: number): Promise<void> {
    const server = createServer((request, response) => {
      const path = pathOf(request.url);
      const route = path === undefined ? undefined : (this.routes.get(path) ?? this.prefixes.find(([prefix]) => path.startsWith(prefix))?.[1]);
      if (!route) {
        response.writeHead(path === undefined ? 400 : 404, { "content-type": "text/plain" }).end(path === undefined ? "Bad request\n" : "Not found\n");
        return;
      }
      // A route that throws must cost one request, never the process.
      route(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
        response.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", (error: NodeJS.ErrnoException) =>
        reject(new AppError("HTTP_PORT_UNAVAILABLE", `Estu's HTTP server cannot listen on port ${port}: ${error.code ?? error.message}. Set ESTU_HTTP_PORT to a free port.`, { port })),
      );
      server.listen(port, resolve);
    });
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The path of a request target, or undefined for one that is not a URL path. */
function pathOf(target: string | undefined): string | undefined {
  try {
    return new URL(target ?? "/", "http://estu").pathname;
  } catch {
    return undefined;
  }
}
