import { joinPathFragments, names, type Tree } from '@nx/devkit';
import { toKebabCase, toPascalCase, toSnakeCase } from '../../utils/names';
import { PluginUserError } from '../../utils/user-error';

/** Options every project generator takes. */
export interface CommonGeneratorSchema {
  name: string;
  directory?: string;
  tags?: string;
  template?: string;
  vendor?: string;
  registry?: string;
  language?: string;
  skipFormat?: boolean;
}

export interface NormalizedProject {
  name: string;
  root: string;
  tags: string[];
  /** Values the templates use. */
  vars: Record<string, unknown>;
}

// wash new's project-name rule.
const NAME = /^([a-zA-Z][a-zA-Z0-9_-]+)$/;

export function normalizeProject(tree: Tree, o: CommonGeneratorSchema, kind: string): NormalizedProject {
  if (!NAME.test(o.name ?? '')) {
    throw new PluginUserError(
      `name "${o.name ?? ''}" is not a valid project name: start with a letter, then letters, digits, "_" or "-" (at least 2 characters)`,
    );
  }
  const root = joinPathFragments(o.directory ?? toKebabCase(o.name));
  if (tree.exists(joinPathFragments(root, 'wasmcloud.toml'))) {
    throw new PluginUserError(`${root}/wasmcloud.toml already exists: choose another --directory or name`);
  }
  const tags = (o.tags ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return {
    name: o.name,
    root,
    tags,
    vars: {
      name: o.name,
      snakeName: toSnakeCase(o.name),
      pascalName: toPascalCase(o.name),
      kebabName: toKebabCase(o.name),
      className: names(o.name).className,
      kind,
      vendor: o.vendor ?? 'Acme',
      registry: o.registry,
      dot: '.',
      tmpl: '',
    },
  };
}

/** Nx tags are not inferable from wasmcloud.toml, so they alone go into a minimal project.json. */
export function writeTags(tree: Tree, p: NormalizedProject): void {
  if (p.tags.length === 0) return;
  tree.write(joinPathFragments(p.root, 'project.json'), JSON.stringify({ name: p.name, tags: p.tags }, null, 2) + '\n');
}

/** Comma-separated list -> TOML array of strings. */
export function tomlStringArray(list: string[]): string {
  return `[${list.map((s) => JSON.stringify(s)).join(', ')}]`;
}
