// PGlite loads its WebAssembly with dynamic imports, which jest's module sandbox refuses, so the
// embedded database for the embedded project starts here, in jest's own process.
import { startEmbeddedPostgres } from '../../server/db/embedded-postgres';

export default async function embeddedSetup() {
  const db = await startEmbeddedPostgres({ dataDir: null, maxConnections: 8 });
  process.env.EMBEDDED_TEST_URL = db.url;
  globalThis.__congTeardown = () => db.stop();
}
