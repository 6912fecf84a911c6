/** The customer's invoice page and its PDF, by token: parse, call, map. */
import { portalPage, portalPdf } from "../app/portal.js";
import { notFound, type RoutePlugin } from "./build-server.js";

type TokenParams = { Params: { token: string } };

export const portalRoutes: RoutePlugin = (server, deps) => {
  server.get<TokenParams>("/i/:token", async (request, reply) => {
    const page = await portalPage(deps.db, request.params.token, deps.today());
    if (!page) return notFound(reply);
    return reply.type("text/html; charset=utf-8").send(page.html);
  });

  server.get<TokenParams>("/i/:token/pdf", async (request, reply) => {
    const found = await portalPdf(deps.db, request.params.token);
    if (!found) return notFound(reply);
    // Numbers come from a configurable format: keep the header's quoted string plain.
    const filename = `${found.number.replace(/[^A-Za-z0-9._-]/g, "_")}.pdf`;
    return reply
      .type("application/pdf")
      .header("content-disposition", `inline; filename="${filename}"`)
      .send(found.pdf);
  });
};
