import { PluginUserError } from '../utils/user-error';

/** Plugin options, from nx.json `plugins: [{ plugin: '@nx-wasmcloud/plugin', options }]`. */
export interface WasmcloudPluginOptions {
  /**
   * Per inferred target (`build`, `sign`, `par`, `push`, `test`, `inspect`, `codegen`, `validate`,
   * `publish`, `registry`, `drain`, ...): a new name, or `false` to leave it out. Wins over the
   * matching `<target>TargetName` option.
   */
  targetNames?: Record<string, string | false>;
  buildTargetName?: string;
  signTargetName?: string;
  parTargetName?: string;
  pushTargetName?: string;
  testTargetName?: string;
  /** An actor's `call` (invoke an operation in the embedded host). */
  callTargetName?: string;
  inspectTargetName?: string;
  codegenTargetName?: string;
  validateTargetName?: string;
  publishTargetName?: string;
  registryTargetName?: string;
  drainTargetName?: string;
  /** An actor's `deploy` (push, then start or live-update it in the running lattice). */
  deployTargetName?: string;
  /** An actor's continuous `dev` (rebuild, re-sign, push and update on every change). */
  devTargetName?: string;
  /** The workspace's continuous `host` (nx-wasmcloud up). */
  hostTargetName?: string;
  /** Loopback port of the nats-server the `host` target starts, and where `deploy` finds it (default 4222, wash up's). */
  hostNatsPort?: number;
  /** Default push registry (`host:port`) when wasmcloud.toml names none. */
  registry?: string;
  /** Port the workspace `registry` target listens on (127.0.0.1). */
  registryPort?: number;
  /** Extra Rust target triples every provider is built for, besides the host. */
  providerTargets?: string[];
  /** `publish` really publishes instead of `--dry-run`. */
  publish?: boolean;
  /** Name of the workspace-root project that carries `registry` and `drain`. */
  workspaceProjectName?: string;
}

export type NormalizedOptions = Required<Omit<WasmcloudPluginOptions, 'workspaceProjectName' | 'targetNames'>> & {
  workspaceProjectName?: string;
};

export const DEFAULT_REGISTRY_PORT = 5000;
export const DEFAULT_HOST_NATS_PORT = 4222;

/**
 * The name a target disabled with `targetNames: { x: false }` is built under, then dropped with every
 * dependsOn on it (see dropDisabledTargets): target code stays unaware of the option.
 */
export const DISABLED_TARGET_PREFIX = '\0disabled:';

export function normalizeOptions(options: WasmcloudPluginOptions | undefined): NormalizedOptions {
  const o = options ?? {};
  const normalized = withDefaults(o);
  const names = normalized as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(o.targetNames ?? {})) {
    const field = `${key}TargetName`;
    if (typeof names[field] !== 'string') {
      const known = Object.keys(names)
        .filter((k) => k.endsWith('TargetName'))
        .map((k) => k.slice(0, -'TargetName'.length));
      throw new PluginUserError(`nx.json: @nx-wasmcloud/plugin option targetNames.${key} names no inferred target; use one of ${known.join(', ')}`);
    }
    if (value === false) names[field] = `${DISABLED_TARGET_PREFIX}${key}`;
    else if (typeof value === 'string' && /^[^\s:]+$/.test(value)) names[field] = value;
    else
      throw new PluginUserError(
        `nx.json: @nx-wasmcloud/plugin option targetNames.${key} must be a target name (no spaces or ":") or false, got ${JSON.stringify(value)}`,
      );
  }
  return normalized;
}

function withDefaults(o: WasmcloudPluginOptions): NormalizedOptions {
  const port = o.registryPort ?? DEFAULT_REGISTRY_PORT;
  return {
    buildTargetName: o.buildTargetName ?? 'build',
    signTargetName: o.signTargetName ?? 'sign',
    parTargetName: o.parTargetName ?? 'par',
    pushTargetName: o.pushTargetName ?? 'push',
    testTargetName: o.testTargetName ?? 'test',
    callTargetName: o.callTargetName ?? 'call',
    inspectTargetName: o.inspectTargetName ?? 'inspect',
    codegenTargetName: o.codegenTargetName ?? 'codegen',
    validateTargetName: o.validateTargetName ?? 'validate',
    publishTargetName: o.publishTargetName ?? 'publish',
    registryTargetName: o.registryTargetName ?? 'registry',
    drainTargetName: o.drainTargetName ?? 'drain',
    deployTargetName: o.deployTargetName ?? 'deploy',
    devTargetName: o.devTargetName ?? 'dev',
    hostTargetName: o.hostTargetName ?? 'host',
    hostNatsPort: o.hostNatsPort ?? DEFAULT_HOST_NATS_PORT,
    registry: o.registry ?? `localhost:${port}`,
    registryPort: port,
    providerTargets: o.providerTargets ?? [],
    publish: o.publish ?? false,
    workspaceProjectName: o.workspaceProjectName,
  };
}
