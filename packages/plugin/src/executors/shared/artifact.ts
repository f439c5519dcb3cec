import { join } from 'node:path';
import type { LoadedProject } from './project';
import { pushReference } from '../../config/push-reference';

/** The file a project publishes: the signed actor or the provider archive. */
export function publishedArtifact(p: LoadedProject): string {
  const c = p.config;
  return c.type === 'provider' ? join(p.dir, 'build', `${c.binName}.par.gz`) : join(p.dir, 'build', `${c.binName}_s.wasm`);
}

/** Where the project is pushed by default (see pushReference). */
export function defaultReference(registry: string, p: LoadedProject): string {
  return pushReference(registry, p.config.name, p.config.version);
}
