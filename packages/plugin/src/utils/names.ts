/** Inflector-style snake case, as wash's `to_snake_case` helper renders project names. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

/** Pascal case for Rust type names in templates (`hello-world` -> `HelloWorld`). */
export function toPascalCase(name: string): string {
  return toSnakeCase(name)
    .split('_')
    .filter(Boolean)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
}

/** Kebab case, the directory name `wash new` uses for a project. */
export function toKebabCase(name: string): string {
  return toSnakeCase(name).replace(/_/g, '-');
}
