import type { ExecutorContext, Tree } from '@nx/devkit';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The ExecutorContext Nx passes for `nx run <project>:<target>` in a workspace at `root`. */
export function executorContext(root: string, project: string, projectRoot: string, target = 'build'): ExecutorContext {
  return {
    root,
    cwd: root,
    projectName: project,
    targetName: target,
    isVerbose: false,
    projectsConfigurations: { version: 2, projects: { [project]: { root: projectRoot, name: project } } },
    nxJsonConfiguration: {},
    projectGraph: { nodes: {}, dependencies: {} },
  };
}

/** Writes a generator's in-memory tree to disk under `root`. */
export function materialize(tree: Tree, root: string): void {
  for (const change of tree.listChanges()) {
    if (change.type === 'DELETE' || !change.content) continue;
    const file = join(root, change.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, change.content);
  }
}

/** Captures what the executors print through Nx's logger and process.stdout. */
export function captureOutput(): { text(): string; restore(): void } {
  const chunks: string[] = [];
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
      chunks.push(String(c));
      return true;
    }),
    jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void chunks.push(a.join(' ') + '\n')),
    jest.spyOn(console, 'info').mockImplementation((...a: unknown[]) => void chunks.push(a.join(' ') + '\n')),
    jest.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => void chunks.push(a.join(' ') + '\n')),
    jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void chunks.push(a.join(' ') + '\n')),
  ];

  const plain = () => chunks.join('').replace(/\x1b\[[0-9;]*m/g, '');
  return { text: plain, restore: () => spies.forEach((s) => s.mockRestore()) };
}

/** Fails the test with one clear line when a required tool is absent (never a silent skip). */
export function requireTool(path: string, what: string): void {
  if (!require('node:fs').existsSync(path)) throw new Error(`${what} is required for this test: ${path} is missing (run tools/ensure-system-deps.sh)`);
}
