import { join } from 'node:path';
import type { LoadedProject } from './project';

/** The file a project publishes: the signed actor or the provider archive. */
export function publishedArtifact(p: LoadedProject): string {
  const c = p.config;
  return c.type === 'provider' ? join(p.dir, 'build', `${c.binName}.par.gz`) : join(p.dir, 'build', `${c.binName}_s.wasm`);
}

/** `<registry>/<name>:<version>`, the repository name lowercased as OCI requires. */
export function defaultReference(registry: string, p: LoadedProject): string {
  return `${registry.replace(/\/+$/, '')}/${p.config.name.toLowerCase()}:${p.config.version}`;
}
