import { isTable, parseTomlFile } from './toml';

/** The parts of a Cargo.toml that wash and the graph need. */
export interface CargoManifest {
  packageName?: string;
  version?: string;
  /** `[lib] name`, which wash ≥0.16.1 uses for the wasm file name. */
  libName?: string;
  hasLibTable: boolean;
  /** `[[bin]] name`s in file order; cargo's default binary is named after the package. */
  binNames: string[];
  /** `path = "..."` dependencies (all dependency tables), relative to the manifest's directory. */
  pathDependencies: string[];
}

function collectPaths(deps: unknown, into: string[]): void {
  if (!isTable(deps)) return;
  for (const spec of Object.values(deps)) {
    if (isTable(spec) && typeof spec.path === 'string') into.push(spec.path);
  }
}

/** Reads a Cargo.toml without cargo (the graph must work without a toolchain). */
export function parseCargoToml(text: string, file: string): CargoManifest {
  const doc = parseTomlFile(text, file);
  const pkg = isTable(doc.package) ? doc.package : {};
  const lib = isTable(doc.lib) ? doc.lib : undefined;
  const bins = Array.isArray(doc.bin) ? doc.bin : [];
  const pathDependencies: string[] = [];
  for (const key of ['dependencies', 'dev-dependencies', 'build-dependencies']) collectPaths(doc[key], pathDependencies);
  if (isTable(doc.target)) {
    for (const t of Object.values(doc.target)) {
      if (!isTable(t)) continue;
      for (const key of ['dependencies', 'dev-dependencies', 'build-dependencies']) collectPaths(t[key], pathDependencies);
    }
  }
  return {
    packageName: typeof pkg.name === 'string' ? pkg.name : undefined,
    version: typeof pkg.version === 'string' ? pkg.version : undefined,
    libName: lib && typeof lib.name === 'string' ? lib.name : undefined,
    hasLibTable: lib !== undefined,
    binNames: bins
      .filter(isTable)
      .map((b) => b.name)
      .filter((n): n is string => typeof n === 'string'),
    pathDependencies,
  };
}
