import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Starts a fake provider on a free port of 127.0.0.1; `close` ends open connections too. */
export async function listenLocal(
  server: Server,
): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url: `http://127.0.0.1:${port}`, close };
}
