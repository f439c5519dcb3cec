import type { CreateDependenciesContext, CreateNodesResult, ExecutorContext, FileData, ProjectConfiguration, Tree } from '@nx/devkit';
import { readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { createDependencies } from '../../../graph/create-dependencies';
import { createNodes } from '../../../graph/create-nodes';
import type { WasmcloudPluginOptions } from '../../../graph/options';
import { executorContext, materialize } from '../../../test-support/executor-context';

function filesUnder(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    if (name === 'target' || name === 'build' || name === 'node_modules') continue;
    const rel = posix.join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) out.push(...filesUnder(root, rel));
    else out.push(rel);
  }
  return out;
}

/**
 * The ExecutorContext Nx gives `nx run <project>:<target>` in the workspace `tree` makes once
 * written to `root`: its projects as the plugin's createNodes infers them (targets, tags) and its
 * project graph as the plugin's createDependencies draws it (Cargo paths, codegen models, contract
 * ids), so a dev session is computed from the same graph `nx graph` shows.
 */
export async function workspaceContext(
  tree: Tree,
  root: string,
  project: string,
  target: string,
  options: WasmcloudPluginOptions = {},
): Promise<ExecutorContext> {
  materialize(tree, root);
  const configFiles = tree
    .listChanges()
    .map((c) => c.path)
    .filter((p) => /(^|\/)(wasmcloud|codegen)\.toml$/.test(p));
  const results = await createNodes[1](configFiles, options, { nxJsonConfiguration: {}, workspaceRoot: root });
  const projects: Record<string, ProjectConfiguration> = {};
  for (const [, result] of results) {
    for (const [projectRoot, p] of Object.entries((result as CreateNodesResult).projects ?? {})) {
      if (projectRoot === '.' || !p.name) continue;
      projects[p.name] = { ...p, root: projectRoot, name: p.name } as ProjectConfiguration;
    }
  }
  const projectFileMap: Record<string, FileData[]> = {};
  for (const [name, p] of Object.entries(projects)) projectFileMap[name] = filesUnder(root, p.root).map((file) => ({ file, hash: file }));
  const fileMap = { projectFileMap, nonProjectFiles: [] };
  const depsContext: CreateDependenciesContext = {
    projects,
    externalNodes: {},
    fileMap,
    filesToProcess: fileMap,
    nxJsonConfiguration: {},
    workspaceRoot: root,
  };
  const dependencies: NonNullable<ExecutorContext['projectGraph']>['dependencies'] = {};
  for (const name of Object.keys(projects)) dependencies[name] = [];
  for (const d of await createDependencies(options, depsContext)) dependencies[d.source].push({ source: d.source, target: d.target, type: d.type });
  const context = executorContext(root, project, projects[project].root, target);
  context.projectsConfigurations.projects = projects;
  context.projectGraph = { nodes: {}, dependencies };
  return context;
}
