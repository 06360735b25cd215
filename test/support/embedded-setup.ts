// PGlite loads its WebAssembly with dynamic imports, which jest's module sandbox refuses, so the
// embedded database for the embedded project starts here, in jest's own process. Plain `npm test`
// runs both projects' setups in that one process: each keeps its own teardown under its own name.
import { startEmbeddedPostgres } from '../../server/db/embedded-postgres';

declare global {
  var __congEmbeddedTeardown: (() => Promise<void>) | undefined;
}

export default async function embeddedSetup() {
  const db = await startEmbeddedPostgres({ dataDir: null, maxConnections: 8 });
  process.env.EMBEDDED_TEST_URL = db.url;
  globalThis.__congEmbeddedTeardown = () => db.stop();
}
