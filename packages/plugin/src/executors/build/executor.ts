import type { ExecutorContext } from '@nx/devkit';
import { logger } from '@nx/devkit';
import { join } from 'node:path';
import type { WasmcloudProject } from '../../config/wasmcloud-toml';
import { atomicCopy } from '../../utils/atomic-copy';
import { toolEnv } from '../../utils/env';
import { runTool, writeLine } from '../../utils/run-tool';
import { hostTriple, selectRustToolchain, selectTinygo } from '../../utils/toolchain';
import { PluginUserError } from '../../utils/user-error';
import { workspaceBin } from '../../utils/workspace-bin';
import { loadProject, projectDir } from '../shared/project';
import { runExecutor } from '../shared/run-executor';
import { parseCargoArtifact } from './cargo-artifacts';
import type { BuildExecutorSchema } from './schema';

/** `cargo build --release [--target t] --message-format=json-render-diagnostics`; returns the artifacts. */
async function cargoBuild(
  cwd: string,
  env: Record<string, string>,
  target: string | undefined,
  cargoPath: string | undefined,
): Promise<{ files: string[]; executables: string[] }> {
  const tc = await selectRustToolchain({ env, target, cargoPath });
  const files: string[] = [];
  const executables: string[] = [];
  const args = ['build', '--release', ...(target ? ['--target', target] : []), '--message-format=json-render-diagnostics'];
  await runTool(tc.cargo, args, {
    cwd,
    env: tc.env,
    onStdoutLine: (line) => {
      const a = parseCargoArtifact(line);
      if (!a) {
        if (!line.startsWith('{')) writeLine(process.stdout, line);
        return;
      }
      files.push(...a.filenames);
      if (a.executable) executables.push(a.executable);
    },
  });
  return { files, executables };
}

async function buildActor(dir: string, p: WasmcloudProject, env: Record<string, string>): Promise<string> {
  const dest = join(dir, 'build', `${p.binName}.wasm`);
  const wasmTarget = p.actor!.wasmTarget;
  if (p.language === 'tinygo') {
    const tinygo = await selectTinygo({ env, tinygoPath: p.tinygo.tinygoPath });
    const wasi = /^wasm32-wasi/.test(wasmTarget);
    await runTool(tinygo, ['build', '-o', dest, '-target', wasi ? 'wasi' : 'wasm', '-scheduler', 'none', '-no-debug', '.'], { cwd: dir, env });
    return dest;
  }
  const { files } = await cargoBuild(dir, env, wasmTarget, p.rust.cargoPath);
  const wasm = files.find((f) => f.endsWith(`/${p.binName}.wasm`)) ?? files.find((f) => f.endsWith('.wasm'));
  if (!wasm) {
    throw new PluginUserError(`cargo built no ${p.binName}.wasm for ${wasmTarget}: set crate-type = ["cdylib"] under [lib] in ${join(dir, 'Cargo.toml')}`);
  }
  await atomicCopy(wasm, dest);
  return dest;
}

async function buildProvider(dir: string, p: WasmcloudProject, env: Record<string, string>, extra: string[]): Promise<string[]> {
  if (p.language !== 'rust') throw new PluginUserError(`${join(dir, 'wasmcloud.toml')}: language "${p.language}" providers are not supported; use rust`);
  const native = await selectRustToolchain({ env, cargoPath: p.rust.cargoPath });
  const host = await hostTriple(native);
  const written: string[] = [];
  for (const triple of [undefined, ...extra.filter((t) => t !== host)]) {
    const { executables } = await cargoBuild(dir, env, triple, p.rust.cargoPath);
    const exe = executables.find((e) => /[\\/]([^\\/]+?)(\.exe)?$/.exec(e)?.[1] === p.binName) ?? executables[0];
    if (!exe) throw new PluginUserError(`cargo built no binary for ${triple ?? host}: add a [[bin]] target to ${join(dir, 'Cargo.toml')}`);
    const dest = join(dir, 'build', 'bin', triple ?? host, `${p.binName}${exe.endsWith('.exe') ? '.exe' : ''}`);
    await atomicCopy(exe, dest, 0o755);
    written.push(dest);
  }
  return written;
}

export default async function buildExecutor(options: BuildExecutorSchema, context: ExecutorContext) {
  return runExecutor(async () => {
    const env = toolEnv();
    if (options.cwd !== undefined || options.tsProject !== undefined) {
      // An interface's generated code: a plain cargo build and/or tsc.
      const { dir } = projectDir(context);
      if (options.cwd !== undefined) await cargoBuild(join(dir, options.cwd), env, undefined, undefined);
      if (options.tsProject !== undefined) {
        const tsc = workspaceBin(context.root, 'typescript', 'tsc');
        await runTool(process.execPath, [tsc, '-p', join(dir, options.tsProject)], { cwd: join(dir, options.tsProject), env });
      }
      return;
    }
    const { dir, config } = loadProject(context);
    if (config.type === 'actor') logger.info(`Actor built: ${await buildActor(dir, config, env)}`);
    else if (config.type === 'provider') {
      for (const f of await buildProvider(dir, config, env, options.targets ?? [])) logger.info(`Provider binary built: ${f}`);
    } else throw new PluginUserError(`${join(dir, 'wasmcloud.toml')}: an interface builds its generated crate; run its codegen target first`);
  });
}
