import type { CreateDependencies, CreateDependenciesContext, DependencyType, FileData, RawProjectGraphDependency } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'smol-toml';
import { parseCargoToml } from '../config/cargo-toml';
import { parseCodegenPlan } from '../config/codegen-toml';
import { isTable, type Table } from '../config/toml';
import { contractIdsOf } from './contract-ids';
import { ContentHashCache, workspaceDataDirectory } from './nodes-cache';
import type { WasmcloudPluginOptions } from './options';

/** Maps a workspace-relative path to the project whose root holds it (deepest root wins). */
class ProjectLocator {
  private readonly roots: Array<[root: string, name: string]>;
  constructor(ctx: CreateDependenciesContext) {
    this.roots = Object.entries(ctx.projects)
      .map(([name, p]) => [p.root, p.name ?? name] as [string, string])
      .sort((a, b) => b[0].length - a[0].length);
  }
  owner(path: string): string | undefined {
    const p = posix.normalize(path);
    for (const [root, name] of this.roots) {
      if (root === '.' || root === '') continue;
      if (p === root || p.startsWith(`${root}/`)) return name;
    }
    return undefined;
  }
}

function read(workspaceRoot: string, file: string): string | undefined {
  try {
    return readFileSync(join(workspaceRoot, file), 'utf8');
  } catch {
    return undefined;
  }
}

/** The contract ids an actor claims or a provider implements, from its wasmcloud.toml. */
function usedContractIds(text: string): string[] {
  try {
    const doc = parse(text) as Table;
    const ids: string[] = [];
    if (isTable(doc.actor) && Array.isArray(doc.actor.claims)) ids.push(...doc.actor.claims.filter((c): c is string => typeof c === 'string'));
    if (isTable(doc.provider) && typeof doc.provider.capability_id === 'string') ids.push(doc.provider.capability_id);
    return ids;
  } catch {
    return []; // createNodes reports the invalid file
  }
}

/** Whether a project's codegen target writes code (a path that is not HTML), not only docs. */
function generatesCode(project: { targets?: Record<string, { executor?: string; outputs?: string[] }> } | undefined): boolean {
  return Object.values(project?.targets ?? {}).some(
    (t) => t.executor === '@nx-wasmcloud/plugin:codegen' && (t.outputs ?? []).some((o) => !o.endsWith('.html')),
  );
}

interface Declarers {
  /** The projects edges go to. */
  winners: string[];
  /** Every project declaring the id, sorted. */
  all: string[];
}

/** One line, once per contract id and graph computation, when several projects declare it. */
function ambiguityWarning(id: string, d: Declarers): string {
  const docsOnly = d.all.filter((p) => !d.winners.includes(p));
  return (
    `nx-wasmcloud: contract id ${id} is declared by ${d.all.join(', ')}; ` +
    (docsOnly.length ? `linking to ${d.winners.join(', ')} (generates code), not ${docsOnly.join(', ')} (docs only)` : 'linking to each of them')
  );
}

/**
 * contract id -> the interface projects it links to, from every .smithy file (scans cached by Nx's
 * file hash). When several projects declare one id (the interfaces repository's docs plan holds a
 * copy of every model), those that generate code from it win over docs-only ones; among equals all
 * are kept, sorted, so the result never depends on file order.
 */
function contractOwners(ctx: CreateDependenciesContext, cache: ContentHashCache<string[]>): Map<string, Declarers> {
  const declarers = new Map<string, Set<string>>();
  for (const [project, files] of Object.entries(ctx.fileMap.projectFileMap)) {
    for (const f of files) {
      if (!f.file.endsWith('.smithy')) continue;
      let ids = cache.get(f.hash);
      if (!ids) {
        ids = contractIdsOf(read(ctx.workspaceRoot, f.file) ?? '', f.file);
        cache.set(f.hash, ids);
      }
      for (const id of ids) {
        if (!declarers.has(id)) declarers.set(id, new Set());
        declarers.get(id)!.add(project);
      }
    }
  }
  const owners = new Map<string, Declarers>();
  for (const [id, set] of declarers) {
    const all = [...set].sort();
    const code = all.filter((p) => generatesCode(ctx.projects[p]));
    owners.set(id, { winners: code.length ? code : all, all });
  }
  return owners;
}

/**
 * Edges that make `nx affected` right: Cargo path dependencies, codegen.toml models in another
 * project, and contract ids (actor claim / provider capability_id -> the interface declaring it).
 * Only files in `filesToProcess` are read; Nx keeps the edges of unchanged files from its cache.
 */
export const createDependencies: CreateDependencies<WasmcloudPluginOptions> = (_options, ctx) => {
  const locator = new ProjectLocator(ctx);
  const deps: RawProjectGraphDependency[] = [];
  const seen = new Set<string>();
  const add = (source: string, target: string | undefined, sourceFile: string) => {
    if (!target || target === source) return;
    const key = `${source}\0${target}\0${sourceFile}`;
    if (seen.has(key)) return;
    seen.add(key);
    // DependencyType.static, as a literal: the graph path does not load @nx/devkit.
    deps.push({ source, target, type: 'static' as DependencyType.static, sourceFile });
  };

  const changed = Object.entries(ctx.filesToProcess.projectFileMap);
  const smithyChanged =
    changed.some(([, files]) => files.some((f) => f.file.endsWith('.smithy'))) || ctx.filesToProcess.nonProjectFiles.some((f) => f.file.endsWith('.smithy'));
  const cache = new ContentHashCache<string[]>(join(workspaceDataDirectory(ctx.workspaceRoot), 'nx-wasmcloud-contracts.hash'));
  let owners: Map<string, Declarers> | undefined;
  const warned = new Set<string>();
  const contractEdges = (project: string, file: FileData) => {
    const text = read(ctx.workspaceRoot, file.file);
    if (text === undefined) return;
    const ids = usedContractIds(text);
    if (ids.length === 0) return;
    owners ??= contractOwners(ctx, cache);
    for (const id of ids) {
      const d = owners.get(id);
      if (!d) continue;
      if (d.all.length > 1 && !warned.has(id)) {
        warned.add(id);
        console.warn(ambiguityWarning(id, d));
      }
      for (const owner of d.winners) add(project, owner, file.file);
    }
  };

  const processedToml = new Set<string>();
  for (const [project, files] of changed) {
    const root = ctx.projects[project]?.root;
    for (const f of files) {
      const base = posix.basename(f.file);
      const dir = posix.dirname(f.file);
      if (base === 'Cargo.toml' && !f.file.includes('/target/')) {
        const text = read(ctx.workspaceRoot, f.file);
        if (text === undefined) continue;
        try {
          for (const p of parseCargoToml(text, f.file).pathDependencies) add(project, locator.owner(posix.join(dir, p)), f.file);
        } catch {
          // an invalid Cargo.toml is cargo's to report
        }
      } else if (base === 'codegen.toml') {
        const text = read(ctx.workspaceRoot, f.file);
        if (text === undefined) continue;
        try {
          for (const p of parseCodegenPlan(text, f.file).modelPaths) add(project, locator.owner(posix.join(dir, p)), f.file);
        } catch {
          // createNodes reports the invalid file
        }
      } else if (base === 'wasmcloud.toml' && dir === root) {
        processedToml.add(f.file);
        contractEdges(project, f);
      }
    }
  }
  if (smithyChanged) {
    // A newly declared contract id links projects whose own files did not change.
    for (const [project, files] of Object.entries(ctx.fileMap.projectFileMap)) {
      const root = ctx.projects[project]?.root;
      const toml = files.find((f) => f.file === posix.join(root ?? '', 'wasmcloud.toml'));
      if (toml && !processedToml.has(toml.file)) contractEdges(project, toml);
    }
  }
  cache.save();
  return deps;
};
