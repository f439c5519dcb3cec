import type { ExecutorContext } from '@nx/devkit';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { callActor, parseJsonData } from '@nx-wasmcloud/host';
import { PluginUserError } from '../../utils/user-error';
import { publishedArtifact } from '../shared/artifact';
import { loadProject } from '../shared/project';
import { runExecutor } from '../shared/run-executor';
import type { CallExecutorSchema } from './schema';

/** Nx parses `--data='{...}'` itself when it can; a string is JSON text, anything else the value. */
function callData(options: CallExecutorSchema, dir: string): unknown {
  if (options.data !== undefined && options.dataFile !== undefined) throw new PluginUserError('give the data either with --data or with --dataFile, not both');
  if (typeof options.data === 'string') return parseJsonData(options.data, '--data');
  if (options.data !== undefined) return options.data;
  if (options.dataFile === undefined) return undefined;
  const file = join(dir, options.dataFile);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PluginUserError(`--dataFile ${options.dataFile}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseJsonData(text, `--dataFile ${options.dataFile}`);
}

/** `nx run <actor>:call --operation=...`: the library call nx-wasmcloud call makes, on the signed actor. */
export default async function callExecutor(options: CallExecutorSchema, context: ExecutorContext) {
  return runExecutor(async () => {
    if (typeof options.operation !== 'string' || options.operation === '')
      throw new PluginUserError('--operation is required, e.g. --operation=HttpServer.HandleRequest');
    const project = loadProject(context);
    const fromRoot = (s: string) => {
      const file = isAbsolute(s) ? s : join(context.root, s);
      return existsSync(file) ? file : s;
    };
    let actor: string;
    if (options.actor !== undefined) actor = fromRoot(options.actor);
    else {
      if (project.config.type !== 'actor') throw new PluginUserError(`${project.root} is a ${project.config.type}, not an actor: call runs actors`);
      actor = publishedArtifact(project);
      if (!existsSync(actor)) throw new PluginUserError(`${relative(context.root, actor)} does not exist: run the sign target first`);
    }
    const r = await callActor({
      actor,
      actors: (options.actors ?? []).map(fromRoot),
      operation: options.operation,
      data: callData(options, project.dir),
      links: options.links,
      linkName: options.linkName,
      cwd: project.dir,
      timeoutMs: options.timeoutMs,
      host: { timeoutMs: options.timeoutMs, maxPayloadBytes: options.maxPayloadBytes },
    });
    if (options.json)
      process.stdout.write(JSON.stringify({ actor: r.actor.name, operation: options.operation, format: r.format, binaries: r.binaries, reply: r.json }) + '\n');
    else if (r.format !== 'empty') process.stdout.write(JSON.stringify(r.json, null, 2) + '\n');
  });
}
