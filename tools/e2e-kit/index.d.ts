// Types for the CommonJS e2e kit, so the TypeScript suite uses it checked.
export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  timeout?: number;
  input?: string;
  log?: (line: string) => void;
  /** Keep stdout exactly as printed (e.g. raw manifest bytes). */
  keepFinalNewline?: boolean;
}
export interface RunResult {
  stdout: string;
  stderr: string;
  all: string;
}
export declare const ROOT: string;
export declare function run(step: string, file: string, args: string[], opts?: RunOptions): Promise<RunResult>;
export declare function cleanEnv(extra?: Record<string, string | undefined>): Record<string, string>;
export declare class StepError extends Error {
  step: string;
}
export declare function freePort(host?: string): Promise<number>;
export declare class Cleanup {
  add(name: string, stop: () => Promise<void> | void): () => Promise<void> | void;
  stopAll(log?: (line: string) => void): Promise<string[]>;
}
export interface Verdaccio {
  url: string;
  port: number;
  uplink: string;
  stop(): Promise<void>;
  output(): string;
}
export declare function startVerdaccio(opts: { dir: string; uplink?: string }): Promise<Verdaccio>;
export declare function npmrcFor(url: string): string;
export declare function testVersion(base?: string): string;
export declare function publishPackages(opts: {
  registry: string;
  stagingRoot: string;
  version?: string;
  root?: string;
  log?: (line: string) => void;
}): Promise<{ version: string; packages: { name: string; dir: string }[] }>;
export interface Workspace {
  dir: string;
  nx(step: string, args: string[], opts?: RunOptions): Promise<RunResult>;
}
export declare function createWorkspace(opts: {
  dir: string;
  registry: string;
  pluginVersion?: string;
  name?: string;
  log?: (line: string) => void;
  env?: Record<string, string | undefined>;
}): Promise<Workspace>;
export declare function addPlugin(opts: {
  dir: string;
  pluginVersion: string;
  log?: (line: string) => void;
  env?: Record<string, string | undefined>;
}): Promise<RunResult>;
export declare function nx(dir: string, step: string, args: string[], opts?: RunOptions): Promise<RunResult>;
export declare const NX_VERSION: string;
export declare class MissingCapability extends Error {
  isMissingCapability: true;
}
export declare function pluginCollection(kind: 'generators' | 'executors', root?: string): { names: string[]; declared: boolean; shipped: boolean };
export declare function requireGenerator(name: string, root?: string): void;
export declare function requireExecutor(name: string, root?: string): void;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export declare function requireExport(pkg: string, name: string, root?: string): (...args: any[]) => any;
export declare function requireTarget(projectJson: { targets?: Record<string, unknown> } | undefined, project: string, target: string): void;
export interface OciRegistry {
  url: string;
  port: number;
  stop(): Promise<void>;
}
export declare function startOciRegistry(opts?: { storageDir?: string; from?: string }): Promise<OciRegistry>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export declare function installedExport(dir: string, pkg: string, name: string): (...args: any[]) => any;
export interface Service {
  name: string;
  pid: number;
  output(): string;
  exited(): { code: number | null; signal: string | null; error?: Error } | null;
  stop(): Promise<void>;
}
export declare function startService(opts: { name: string; file: string; args: string[]; cwd?: string; env?: Record<string, string> }): Service;
export declare function waitUntilReady(service: Service, probe: () => Promise<boolean>, opts?: { timeoutMs?: number; intervalMs?: number }): Promise<void>;
export declare function httpAnswers(url: string): Promise<boolean>;
export declare function checkoutEnv(dir: string, env?: Record<string, string | undefined>): Record<string, string | undefined>;
