/**
 * Project-name casing for generated files. wash renders its templates through weld's Handlebars
 * helpers, which are the Inflector crate's `to_snake_case` / `to_pascal_case`; @nx-wasmcloud/smithy
 * implements those for weld's codegen, so the generators use that code rather than a second
 * approximation (`Random32` -> `random_32` in `[lib] name`, as `wash new` writes it).
 */
export { toSnakeCase, toPascalCase } from '@nx-wasmcloud/smithy';

/**
 * The directory name `wash new` creates: kebab case in the cargo-generate lineage (heck), which,
 * unlike Inflector, keeps digits inside a word (`a1` -> `a1`, `HelloWorld` -> `hello-world`).
 */
export function toKebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}
