/** Plugin options, from nx.json `plugins: [{ plugin: '@nx-wasmcloud/plugin', options }]`. */
export interface WasmcloudPluginOptions {
  buildTargetName?: string;
  signTargetName?: string;
  parTargetName?: string;
  pushTargetName?: string;
  testTargetName?: string;
  inspectTargetName?: string;
  codegenTargetName?: string;
  validateTargetName?: string;
  publishTargetName?: string;
  registryTargetName?: string;
  drainTargetName?: string;
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

export type NormalizedOptions = Required<Omit<WasmcloudPluginOptions, 'workspaceProjectName'>> & {
  workspaceProjectName?: string;
};

export const DEFAULT_REGISTRY_PORT = 5000;

export function normalizeOptions(options: WasmcloudPluginOptions | undefined): NormalizedOptions {
  const o = options ?? {};
  const port = o.registryPort ?? DEFAULT_REGISTRY_PORT;
  return {
    buildTargetName: o.buildTargetName ?? 'build',
    signTargetName: o.signTargetName ?? 'sign',
    parTargetName: o.parTargetName ?? 'par',
    pushTargetName: o.pushTargetName ?? 'push',
    testTargetName: o.testTargetName ?? 'test',
    inspectTargetName: o.inspectTargetName ?? 'inspect',
    codegenTargetName: o.codegenTargetName ?? 'codegen',
    validateTargetName: o.validateTargetName ?? 'validate',
    publishTargetName: o.publishTargetName ?? 'publish',
    registryTargetName: o.registryTargetName ?? 'registry',
    drainTargetName: o.drainTargetName ?? 'drain',
    registry: o.registry ?? `localhost:${port}`,
    registryPort: port,
    providerTargets: o.providerTargets ?? [],
    publish: o.publish ?? false,
    workspaceProjectName: o.workspaceProjectName,
  };
}
