import { PluginUserError } from '../utils/user-error';
import type { CargoManifest } from './cargo-toml';
import { isSemver } from './semver';
import { isTable, parseTomlFile, type Table } from './toml';

export type ProjectKind = 'actor' | 'provider' | 'interface';
export type ProjectLanguage = 'rust' | 'tinygo';

export interface ActorConfig {
  claims: string[];
  registry?: string;
  pushInsecure: boolean;
  keyDirectory?: string;
  filename?: string;
  /** The cargo `--target` wash builds for: `wasm_target` mapped as wash-lib's WasmTarget maps it. */
  wasmTarget: string;
  /** `wasm_target` named a WASI preview (tinygo then builds with `-target wasi`). */
  wasi?: 'preview1' | 'preview2';
  callAlias?: string;
  tags: string[];
}

export interface ProviderConfig {
  capabilityId: string;
  vendor: string;
}

export interface InterfaceConfig {
  htmlTarget: string;
  codegenConfig: string;
}

/** A wasmcloud.toml as wash reads it, with the Cargo.toml fallbacks applied. */
export interface WasmcloudProject {
  name: string;
  version: string;
  revision: number;
  language: ProjectLanguage;
  type: ProjectKind;
  actor?: ActorConfig;
  provider?: ProviderConfig;
  interface?: InterfaceConfig;
  rust: { cargoPath?: string; targetPath?: string };
  tinygo: { tinygoPath?: string };
  /** File stem of the build artifact: Cargo `[lib] name` (actor) / first `[[bin]]` (provider), else derived. */
  binName: string;
}

/**
 * Reads values from one table, each failure naming the file and the dotted key, so a user can fix
 * the exact line. Unknown keys are ignored, as wash's serde structs ignore them.
 */
class Reader {
  constructor(
    private readonly file: string,
    private readonly table: Table,
    private readonly prefix: string,
  ) {}

  private fail(key: string, problem: string): never {
    throw new PluginUserError(`${this.file}: ${this.prefix}${key} ${problem}`);
  }

  string(key: string): string | undefined {
    const v = this.table[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') this.fail(key, `must be a string, got ${JSON.stringify(v)}`);
    return v;
  }

  bool(key: string): boolean | undefined {
    const v = this.table[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') this.fail(key, `must be true or false, got ${JSON.stringify(v)}`);
    return v;
  }

  int(key: string): number | undefined {
    const v = this.table[key];
    if (v === undefined) return undefined;
    const n = typeof v === 'bigint' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31) {
      this.fail(key, `must be a 32-bit integer, got ${JSON.stringify(typeof v === 'bigint' ? String(v) : v)}`);
    }
    return n;
  }

  strings(key: string): string[] | undefined {
    const v = this.table[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) this.fail(key, 'must be an array of strings');
    return v as string[];
  }

  table_(key: string): Table | undefined {
    const v = this.table[key];
    if (v === undefined) return undefined;
    if (!isTable(v)) this.fail(key, 'must be a table');
    return v;
  }

  problem(key: string, problem: string): never {
    this.fail(key, problem);
  }
}

/**
 * wash-lib's `WasmTarget::from(&str)` and `RustConfig::build_target` (wash ≥0.19): `wasm32-wasi` and
 * `wasm32-wasi-preview1` are WASI preview 1, `wasm32-wasi-preview2` preview 2 (both built for cargo's
 * `wasm32-wasi`; wash then adapts a preview 2 module into a component), anything else a core module
 * for `wasm32-unknown-unknown`, as wash silently treats it.
 */
export function mapWasmTarget(setting: string | undefined): { wasmTarget: string; wasi?: 'preview1' | 'preview2' } {
  if (setting === 'wasm32-wasi' || setting === 'wasm32-wasi-preview1') return { wasmTarget: 'wasm32-wasi', wasi: 'preview1' };
  if (setting === 'wasm32-wasi-preview2') return { wasmTarget: 'wasm32-wasi', wasi: 'preview2' };
  return { wasmTarget: 'wasm32-unknown-unknown' };
}

/** Languages of wasmCloud ≥ 1.0 projects (wash 0.2x-0.3x `wash new` templates). */
const POST_CLASSIC_LANGUAGES = new Set(['go', 'python', 'typescript', 'javascript', 'js', 'ts']);

/**
 * A wasmcloud.toml of the component era that wash 0.x never read. The plugin serves classic projects
 * only; such a file is skipped with one warning, never allowed to fail the whole graph.
 */
export class PostClassicProject extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(
      `nx-wasmcloud: skipping ${file}: ${reason}, a wasmCloud ≥ 1.0 project, not classic (wash 0.x); this plugin serves classic actors, providers and interfaces`,
    );
    this.name = 'PostClassicProject';
  }
}

/** Why a parsed wasmcloud.toml is post-classic, or undefined when it is (or tries to be) classic. */
function postClassicReason(doc: Table): string | undefined {
  const lower = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : undefined);
  const type = lower(doc.type);
  const language = lower(doc.language);
  if (type === 'component') return 'type = "component"';
  if (isTable(doc.component)) return 'it has a [component] table';
  if (language !== undefined && POST_CLASSIC_LANGUAGES.has(language)) return `language = "${doc.language}"`;
  if (type === 'provider' && !(isTable(doc.provider) && doc.provider.capability_id !== undefined)) return 'a provider without [provider] capability_id';
  return undefined;
}

// Loaded only when needed: most projects have no call alias, and graph code should stay light.
const wascap = () => require('@nx-wasmcloud/wascap') as typeof import('@nx-wasmcloud/wascap');
const snakeCase = (name: string): string => (require('../utils/names') as typeof import('../utils/names')).toSnakeCase(name);

/** wash's `sanitize_alias`, through wascap's copy of it: the rule lives in one place. */
function checkCallAlias(reader: Reader, alias: string): void {
  try {
    wascap().sanitizeCallAlias(alias);
  } catch (err) {
    reader.problem('call_alias', (err as Error).message.replace(/^call alias /, ''));
  }
}

/**
 * Parses a wasmcloud.toml the way wash-lib 0.13 does (RawProjectConfig in wasmCloud/wasmCloud crates/wash-lib/src/parser/mod.rs), minus the
 * `WASMCLOUD_*` environment overlay: the plugin reads the file only, so an exported
 * `WASMCLOUD_VERSION` (meant for `wash up`) cannot change a project's version.
 *
 * `cargo` is the project's Cargo.toml if it has one; it supplies rust name/version and the lib name.
 */
export function parseWasmcloudToml(text: string, file: string, cargo?: CargoManifest): WasmcloudProject {
  const doc = parseTomlFile(text, file);
  const postClassic = postClassicReason(doc);
  if (postClassic) throw new PostClassicProject(file, postClassic);
  const top: Reader = new Reader(file, doc, '');

  const languageRaw = top.string('language');
  if (languageRaw === undefined) top.problem('language', 'is missing; set language = "rust" or "tinygo"');
  const language = languageRaw.trim().toLowerCase();
  if (language !== 'rust' && language !== 'tinygo') {
    top.problem('language', `"${languageRaw}" is unknown; use "rust" or "tinygo"`);
  }
  const typeRaw = top.string('type');
  if (typeRaw === undefined) top.problem('type', 'is missing; set type = "actor", "provider" or "interface"');
  const type = typeRaw.trim().toLowerCase();
  if (type !== 'actor' && type !== 'provider' && type !== 'interface') {
    top.problem('type', `"${typeRaw}" is unknown; use "actor", "provider" or "interface"`);
  }

  let name = top.string('name');
  let version = top.string('version');
  if (language === 'rust') {
    if (name === undefined && version === undefined && !cargo) {
      top.problem('name', 'and version are missing and there is no Cargo.toml beside it; set them or add a Cargo.toml');
    }
    name ??= cargo?.packageName;
    version ??= cargo?.version;
  }
  if (name === undefined) top.problem('name', 'is missing; set name = "..."');
  if (name.trim() === '') top.problem('name', 'must not be empty');
  if (version === undefined) top.problem('version', 'is missing; set version = "x.y.z"');
  if (!isSemver(version)) top.problem('version', `"${version}" is not a semantic version (x.y.z)`);
  const revision = top.int('revision') ?? 0;

  const rustTable = new Reader(file, top.table_('rust') ?? {}, 'rust.');
  const tinygoTable = new Reader(file, top.table_('tinygo') ?? {}, 'tinygo.');

  const project: WasmcloudProject = {
    name,
    version,
    revision,
    language: language as ProjectLanguage,
    type: type as ProjectKind,
    rust: { cargoPath: rustTable.string('cargo_path'), targetPath: rustTable.string('target_path') },
    tinygo: { tinygoPath: tinygoTable.string('tinygo_path') },
    binName: name,
  };

  if (type === 'actor') {
    const t = top.table_('actor');
    if (!t) top.problem('actor', 'table is missing; add an [actor] table (claims = [...])');
    const r: Reader = new Reader(file, t, 'actor.');
    const callAlias = r.string('call_alias');
    if (callAlias !== undefined) checkCallAlias(r, callAlias);
    project.actor = {
      claims: r.strings('claims') ?? [],
      registry: r.string('registry'),
      pushInsecure: r.bool('push_insecure') ?? false,
      keyDirectory: r.string('key_directory'),
      filename: r.string('filename'),
      ...mapWasmTarget(r.string('wasm_target')),
      callAlias,
      tags: r.strings('tags') ?? [],
    };
    if (language === 'rust') {
      // wash ≥0.16.1: Cargo [lib].name as cargo_toml completes it: a [lib] table without a name (the
      // classic examples' "Hello World" has one) gets the package name with dashes as underscores,
      // the file cargo writes. wasmcloud.toml's name is only the fallback without a Cargo.toml.
      project.binName = cargo?.libName ?? (cargo?.packageName ?? name).replace(/-/g, '_');
    }
  } else if (type === 'provider') {
    const t = top.table_('provider');
    if (!t) top.problem('provider', 'table is missing; add a [provider] table (capability_id = "...")');
    const r: Reader = new Reader(file, t, 'provider.');
    const capabilityId = r.string('capability_id');
    if (capabilityId === undefined || capabilityId.trim() === '') {
      r.problem('capability_id', 'is missing; set capability_id = "vendor:name"');
    }
    project.provider = { capabilityId, vendor: r.string('vendor') ?? 'NoVendor' };
    project.binName = cargo?.binNames[0] ?? cargo?.packageName ?? snakeCase(name);
  } else {
    const t = top.table_('interface');
    if (!t) top.problem('interface', 'table is missing; add an [interface] table (it may be empty)');
    const r: Reader = new Reader(file, t, 'interface.');
    project.interface = {
      htmlTarget: r.string('html_target') ?? './html',
      codegenConfig: r.string('codegen_config') ?? './codegen.toml',
    };
  }
  return project;
}
