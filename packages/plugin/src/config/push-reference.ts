/**
 * `<registry>/<name>:<version>`, where a project is pushed unless told otherwise: the reference
 * wash's project Makefiles push to, the repository lowercased as OCI requires. The graph shows it in
 * the push target's description and the push and pull executors use it, so it is built here once.
 */
export function pushReference(registry: string, name: string, version: string): string {
  return `${registry.replace(/\/+$/, '')}/${name.toLowerCase()}:${version}`;
}
