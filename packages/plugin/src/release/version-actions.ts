import type { ProjectGraph, Tree } from '@nx/devkit';
import { posix } from 'node:path';
import { VersionActions } from 'nx/release';
import { parse } from 'smol-toml';
import { isTable, type Table } from '../config/toml';

/**
 * Rewrites the `version = "..."` line of one TOML table (top level when `table` is undefined),
 * keeping every other byte: comments, order and quoting stay as the user wrote them.
 */
export function setTomlVersion(text: string, version: string, table?: string): string | undefined {
  const lines = text.split('\n');
  let current: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const header = /^\s*\[\s*([^\]]+?)\s*\]\s*(#.*)?$/.exec(lines[i]);
    if (header) {
      current = header[1];
      continue;
    }
    if (current !== table) continue;
    const m = /^(\s*version\s*=\s*)(["'])([^"']*)\2(.*)$/.exec(lines[i]);
    if (m) {
      lines[i] = `${m[1]}${m[2]}${version}${m[2]}${m[4]}`;
      return lines.join('\n');
    }
  }
  return undefined;
}

/**
 * `nx release` for wasmCloud projects: the version lives in wasmcloud.toml (`version`), or, for a
 * Rust project that leaves it out (wash falls back to it), in Cargo.toml `[package] version`. The
 * push target then pushes `<registry>/<name>:<new version>`. Configure it in nx.json:
 * `"release": { "version": { "versionActions": "@nx-wasmcloud/plugin/release/version-actions" } }`.
 */
export default class WasmcloudVersionActions extends VersionActions {
  validManifestFilenames = ['wasmcloud.toml'];

  private manifest(tree: Tree): { file: string; table?: string; version: string } | null {
    const root = this.projectGraphNode.data.root;
    const toml = posix.join(root, 'wasmcloud.toml');
    const doc = tree.exists(toml) ? (parse(tree.read(toml, 'utf-8') ?? '') as Table) : undefined;
    if (doc && typeof doc.version === 'string') return { file: toml, version: doc.version };
    const cargo = posix.join(root, 'Cargo.toml');
    if (tree.exists(cargo)) {
      const pkg = (parse(tree.read(cargo, 'utf-8') ?? '') as Table).package;
      if (isTable(pkg) && typeof pkg.version === 'string') return { file: cargo, table: 'package', version: pkg.version };
    }
    return null;
  }

  async readCurrentVersionFromSourceManifest(tree: Tree): Promise<{ currentVersion: string; manifestPath: string } | null> {
    const m = this.manifest(tree);
    return m ? { currentVersion: m.version, manifestPath: m.file } : null;
  }

  /** An OCI registry has no "latest version" query; use the disk or git-tag resolvers. */
  async readCurrentVersionFromRegistry(): Promise<null> {
    return null;
  }

  /** Projects are linked through contract ids and crates, not version ranges. */
  async readCurrentVersionOfDependency(
    _tree: Tree,
    _graph: ProjectGraph,
    _dependency: string,
  ): Promise<{ currentVersion: string | null; dependencyCollection: string | null }> {
    return { currentVersion: null, dependencyCollection: null };
  }

  async updateProjectVersion(tree: Tree, newVersion: string): Promise<string[]> {
    const m = this.manifest(tree);
    if (!m) throw new Error(`${this.projectGraphNode.data.root}: no version in wasmcloud.toml or Cargo.toml [package] to update`);
    const updated = setTomlVersion(tree.read(m.file, 'utf-8') ?? '', newVersion, m.table);
    if (updated === undefined) throw new Error(`${m.file}: no version = "..." line to update`);
    tree.write(m.file, updated);
    return [`✍️  New version ${newVersion} written to ${m.file}`];
  }

  async updateProjectDependencies(): Promise<string[]> {
    return [];
  }
}
