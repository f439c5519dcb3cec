import type { ExecutorContext } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCargoToml } from '../../config/cargo-toml';
import { parseWasmcloudToml, type WasmcloudProject } from '../../config/wasmcloud-toml';
import { PluginUserError } from '../../utils/user-error';

export interface LoadedProject {
  /** Absolute project directory. */
  dir: string;
  /** Workspace-relative project root. */
  root: string;
  config: WasmcloudProject;
}

export function projectDir(context: ExecutorContext): { dir: string; root: string } {
  const name = context.projectName;
  const project = name ? context.projectsConfigurations?.projects[name] : undefined;
  if (!project) throw new PluginUserError(`no project in the executor context; run it as "nx run <project>:<target>"`);
  return { dir: join(context.root, project.root), root: project.root };
}

/** The task's project, read from its wasmcloud.toml (and Cargo.toml) now, as wash would. */
export function loadProject(context: ExecutorContext): LoadedProject {
  const { dir, root } = projectDir(context);
  const file = join(root, 'wasmcloud.toml');
  let text: string;
  try {
    text = readFileSync(join(dir, 'wasmcloud.toml'), 'utf8');
  } catch {
    throw new PluginUserError(`${file} not found: this target needs a wasmcloud.toml in the project root`);
  }
  let cargoText: string | undefined;
  try {
    cargoText = readFileSync(join(dir, 'Cargo.toml'), 'utf8');
  } catch {
    cargoText = undefined;
  }
  const cargo = cargoText === undefined ? undefined : parseCargoToml(cargoText, join(root, 'Cargo.toml'));
  return { dir, root, config: parseWasmcloudToml(text, file, cargo) };
}
