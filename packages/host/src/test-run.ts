import { readFileSync } from 'node:fs';
import { ActorSessionOptions, openActorSession } from './actor-session';
import { HostUserError } from './errors';
import { decodeTestResults, encodeTestOptions, TestResult } from './test-results';
import { ActorInfo, Payload } from './types';
import type { Host } from './host';

/** `TestOptions` as actor.mk's `test-options.json` holds it. */
export interface TestOptionsFile {
  patterns?: string[];
  options?: Record<string, string>;
}

/** The operation `wash call --test` sends (ifc `testing.smithy`: service Testing, operation Start). */
export const TESTING_START = 'Testing.Start';

/** Reads and checks a test-options.json: `{"patterns": [regex...], "options": {string: string}}`. */
export function readTestOptions(file: string): TestOptionsFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new HostUserError(`${file}: cannot read the test options (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new HostUserError(`${file} is not valid JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  return checkTestOptions(value, file);
}

export function checkTestOptions(value: unknown, label: string): TestOptionsFile {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new HostUserError(`${label}: expected an object like {"patterns": [".*"], "options": {}}`);
  const { patterns, options } = value as Record<string, unknown>;
  if (patterns !== undefined && (!Array.isArray(patterns) || !patterns.every((p) => typeof p === 'string'))) {
    throw new HostUserError(`${label}: "patterns" must be a list of regular expressions (strings), e.g. [".*"]`);
  }
  if (
    options !== undefined &&
    (!options || typeof options !== 'object' || Array.isArray(options) || !Object.values(options).every((v) => typeof v === 'string'))
  ) {
    throw new HostUserError(`${label}: "options" must map names to strings (TestOptions.options is map<string, string>)`);
  }
  return { patterns: patterns as string[] | undefined, options: options as Record<string, string> | undefined };
}

/** Calls an operation whose reply is `TestResults` (msgpack or CBOR). */
export async function callForTestResults(host: Host, actor: string, operation: string, payload: Payload, timeoutMs?: number): Promise<TestResult[]> {
  const reply = await host.call(actor, operation, payload, { timeoutMs });
  return decodeTestResults(reply);
}

export interface RunActorTestsOptions extends ActorSessionOptions {
  testOptions?: TestOptionsFile;
  timeoutMs?: number;
}

export interface ActorTestRun {
  actor: ActorInfo;
  results: TestResult[];
  /** contract id -> 'double' or a module path, per actor name. */
  linked: Record<string, Record<string, string>>;
}

/**
 * actor.mk's `make test` in this process: starts the signed actor in a fresh host (with the
 * in-memory doubles for what it claims unless `links` names another provider) and sends
 * `Testing.Start` with the test options.
 */
export async function runActorTests(options: RunActorTestsOptions): Promise<ActorTestRun> {
  const session = await openActorSession({ doublesForClaims: true, ...options });
  try {
    const results = await callForTestResults(
      session.host,
      session.actor.publicKey,
      TESTING_START,
      encodeTestOptions(options.testOptions ?? {}),
      options.timeoutMs,
    );
    return { actor: session.actor, results, linked: session.linked };
  } finally {
    await session.close();
  }
}

export interface TestReport {
  /** `Pass: <name>` / `Fail: <name>: <error>` per test, then `Test results: N/M Passed`. */
  lines: string[];
  passed: number;
  total: number;
  ok: boolean;
}

/** wash's print_test_results, with the name on failures too. */
export function formatTestResults(results: TestResult[]): TestReport {
  const lines = results.map((r) => (r.passed ? `Pass: ${r.name}` : `Fail: ${r.name}: ${r.error ?? 'failed'}`));
  const passed = results.filter((r) => r.passed).length;
  lines.push(`Test results: ${passed}/${results.length} Passed`);
  return { lines, passed, total: results.length, ok: passed === results.length };
}
