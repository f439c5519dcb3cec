import { repositoryName } from './project-names';

/**
 * `<registry>/<repository>:<version>`, where a project is pushed unless told otherwise, the
 * repository derived from the wasmcloud.toml name by repositoryName. The graph shows it in the push
 * target's description and the push and pull executors use it, so it is built here once.
 */
export function pushReference(registry: string, name: string, version: string, file?: string): string {
  return `${registry.replace(/\/+$/, '')}/${repositoryName(name, file)}:${version}`;
}
