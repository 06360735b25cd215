export default async function globalTeardown() {
  await globalThis.__congMainTeardown?.();
  globalThis.__congMainTeardown = undefined;
}
