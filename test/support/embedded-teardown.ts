export default async function embeddedTeardown() {
  await globalThis.__congEmbeddedTeardown?.();
  globalThis.__congEmbeddedTeardown = undefined;
}
