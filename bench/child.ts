// Shared by the bench's child processes: listen on a free loopback port, tell the parent which
// one over the IPC channel, and stop with the parent (SIGTERM, or the channel closing when the
// parent dies) so that no server outlives a bench run.
import type http from 'node:http';

export interface ReadyMessage {
  port: number;
  /** Anything else the child wants the parent to know. */
  info?: Record<string, unknown>;
}

export function listenAndReport(
  server: http.Server,
  info?: Record<string, unknown>,
  onStop: () => Promise<void> = async () => undefined,
) {
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    process.send?.({ port, info } satisfies ReadyMessage);
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close();
    // Give the platform a moment to close its pools; never hang the bench on it.
    setTimeout(() => process.exit(0), 5_000).unref();
    onStop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
}
