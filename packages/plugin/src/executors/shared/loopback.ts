/**
 * True for registries on this machine (localhost, 127.0.0.0/8, ::1). A local registry (the
 * workspace `registry` target) speaks plain HTTP, so push/pull default to --insecure for these,
 * as wasmCloud's provider.mk does for its localhost:5000 registry.
 */
export function isLoopbackRegistry(reference: string): boolean {
  const host = reference.replace(/^oci:\/\//, '').split('/')[0];
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}
