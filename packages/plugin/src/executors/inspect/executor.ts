import type { ExecutorContext } from '@nx/devkit';
import { inspectPar } from '@nx-wasmcloud/par';
import { actorClaimsReport, actorClaimsText, extractClaims, validateToken } from '@nx-wasmcloud/wascap';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { PluginUserError } from '../../utils/user-error';
import { publishedArtifact } from '../shared/artifact';
import { loadProject } from '../shared/project';
import { runExecutor } from '../shared/run-executor';
import type { InspectExecutorSchema } from './schema';

function text(value: unknown, indent = ''): string {
  if (value === null || typeof value !== 'object') return String(value);
  return Object.entries(value as Record<string, unknown>)
    .filter(([k, v]) => v !== undefined && k !== 'jwt')
    .map(([k, v]) =>
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? `${indent}${k}:\n${text(v, indent + '  ')}`
        : `${indent}${k}: ${Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ') : String(v)}`,
    )
    .join('\n');
}

export default async function inspectExecutor(options: InspectExecutorSchema, context: ExecutorContext) {
  return runExecutor(async () => {
    const project = loadProject(context);
    const file = publishedArtifact(project);
    const shown = relative(context.root, file);
    if (!existsSync(file)) throw new PluginUserError(`${shown} does not exist: run the ${project.config.type === 'provider' ? 'par' : 'sign'} target first`);
    if (project.config.type === 'provider') {
      const report = await inspectPar(file);
      process.stdout.write((options.json ? JSON.stringify(report, null, 2) : `${shown}\n${text(report, '  ')}`) + '\n');
      return;
    }
    const token = extractClaims(readFileSync(file));
    if (!token) throw new PluginUserError(`${shown} has no embedded claims: run the sign target`);
    // The same report and layout as `nx-wasmcloud claims inspect` (wascap renders both).
    const report = actorClaimsReport(token, validateToken(token.jwt));
    process.stdout.write((options.json ? JSON.stringify(report, null, 2) : `${shown}\n${actorClaimsText(token, report)}`) + '\n');
  });
}
