/**
 * The HTTP server: security headers on every response, one uniform 404, and route plugins. Routes
 * live in their own files; add a plugin to the list in `buildServer` (or pass it in `deps.routes`).
 */
import { type FastifyError, type FastifyInstance, type FastifyReply, fastify } from "fastify";
import type { CalendarDate, Db } from "../app/portal.js";
import { portalRoutes } from "./portal-routes.js";

export type ServerDeps = {
  db: Db;
  /** Today's date for the business (overdue days): from the app's clock, never the system's. */
  today(): CalendarDate;
  /** Fastify's request log; off unless asked. */
  logger?: boolean;
  /** More route plugins, after the built-in ones. */
  routes?: readonly RoutePlugin[];
};

/** Registers routes in its own encapsulated scope (its parsers and hooks stay its own). */
export type RoutePlugin = (server: FastifyInstance, deps: ServerDeps) => void | Promise<void>;

const healthRoutes: RoutePlugin = (server) => {
  server.get("/healthz", async () => ({ ok: true }));
};

/** Sent on every response. Referrer-Policy keeps portal tokens out of Referer headers. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
  "x-robots-tag": "noindex",
};

/**
 * The one answer for anything not found: unknown route, unknown or malformed token, bad URL
 * encoding. Identical bytes and headers, so a response says nothing about why.
 */
export function notFound(reply: FastifyReply): FastifyReply {
  // Headers first, then the type: the same header order whichever path got here.
  return reply
    .headers(SECURITY_HEADERS)
    .code(404)
    .type("text/plain; charset=utf-8")
    .send("Not found\n");
}

export function buildServer(deps: ServerDeps): FastifyInstance {
  const server = fastify({
    logger: deps.logger ?? false,
    // A malformed percent-escape in the path is one more way to not find a page.
    frameworkErrors: (_error, _request, reply) => {
      notFound(reply);
    },
  });
  server.addHook("onSend", async (_request, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    return payload;
  });
  server.setNotFoundHandler((_request, reply) => notFound(reply));
  server.setErrorHandler((error: FastifyError, request, reply) => {
    request.log.error(error);
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return notFound(reply);
    return reply.code(500).type("text/plain; charset=utf-8").send("Internal error\n");
  });
  // Listed here, not at module level: route files import `notFound` from this one.
  const routes: readonly RoutePlugin[] = [healthRoutes, portalRoutes, ...(deps.routes ?? [])];
  for (const plugin of routes) {
    server.register(async (scope) => plugin(scope, deps));
  }
  return server;
}
