/**
 * The workflow `init --ci=github` writes, its commands run as a runner would run them: the key
 * restore step in bash against a real archive of a key directory, then the plugin's key resolution
 * with the environment the workflow sets.
 */
import { KeyPair, writeKeyFile } from '@nx-wasmcloud/wascap';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { signingKeys } from '../../executors/shared/keys';
import { captureOutput } from '../../test-support/executor-context';
import { tempTree } from '../../test-support/files';
import { initGenerator } from './generator';

interface Step {
  name?: string;
  run?: string;
  env?: Record<string, string>;
  if?: string;
}

async function workflow(registry?: string): Promise<{ text: string; job: { env: Record<string, string>; steps: Step[] } }> {
  const tree = createTreeWithEmptyWorkspace();
  await initGenerator(tree, { ci: 'github', registry, skipFormat: true, skipPackageJson: true });
  const text = tree.read('.github/workflows/wasmcloud.yml', 'utf-8')!;
  return { text, job: parse(text).jobs.affected };
}

describe('the generated GitHub workflow', () => {
  const t = tempTree({});
  afterAll(() => t.cleanup());

  it('never nests ${{ }} (GitHub does not evaluate it) and names the registry in one expression', async () => {
    for (const registry of [undefined, 'reg.example:5000']) {
      const { text, job } = await workflow(registry);
      for (const m of text.matchAll(/\$\{\{(.*?)\}\}/g)) expect(m[1]).not.toContain('${{');
      expect(job.env.WASMCLOUD_REGISTRY).toBe(
        registry ? `\${{ vars.WASMCLOUD_REGISTRY || '${registry}' }}` : "${{ vars.WASMCLOUD_REGISTRY || format('ghcr.io/{0}', github.repository_owner) }}",
      );
      expect(job.env.NX_WASMCLOUD_DISABLE_KEYGEN).toBe('true');
    }
  });

  it('restores the key directory from the secret, so each actor and provider signs with its own key, and never mints one', async () => {
    const { job } = await workflow();
    const restore = job.steps.find((s) => s.name === 'Restore the signing keys')!;
    // A developer's key directory, archived as the workflow's header says.
    const home = join(t.root, 'dev-keys');
    mkdirSync(home);
    const keys = { hello: KeyPair.create('module'), echo: KeyPair.create('module'), fact: KeyPair.create('service') };
    await writeKeyFile(join(home, 'hello_module.nk'), keys.hello);
    await writeKeyFile(join(home, 'echo_module.nk'), keys.echo);
    await writeKeyFile(join(home, 'fact_service.nk'), keys.fact);
    const archive = execFileSync('sh', ['-c', `tar -czf - -C "${home}" . | base64 -w0`], { encoding: 'utf8' });
    // The step, run by bash as the runner runs it.
    const runnerTemp = join(t.root, 'runner-temp');
    mkdirSync(runnerTemp);
    const githubEnv = join(t.root, 'github-env');
    execFileSync('bash', ['-e', '-c', restore.run!], {
      env: { PATH: process.env.PATH, RUNNER_TEMP: runnerTemp, GITHUB_ENV: githubEnv, WASH_KEYS_ARCHIVE: archive },
    });
    const washKeys = join(runnerTemp, 'wash-keys');
    expect(readFileSync(githubEnv, 'utf8')).toBe(`WASH_KEYS=${washKeys}\n`);
    expect(statSync(join(washKeys, 'hello_module.nk')).mode & 0o777).toBe(0o600);
    // The push step's environment: the account key from its secret, no shared subject key.
    const account = KeyPair.create('account');
    const env = { ...job.env, WASH_KEYS: washKeys, WASH_ISSUER_KEY: account.seed, HOME: t.root };
    const out = captureOutput();
    try {
      const hello = await signingKeys({}, { role: 'module', name: 'hello' }, { dir: t.root }, env);
      const echo = await signingKeys({}, { role: 'module', name: 'echo' }, { dir: t.root }, env);
      const fact = await signingKeys({}, { role: 'service', name: 'fact' }, { dir: t.root }, env);
      expect([hello.subject.publicKey, echo.subject.publicKey, fact.subject.publicKey]).toEqual([
        keys.hello.publicKey,
        keys.echo.publicKey,
        keys.fact.publicKey,
      ]);
      expect(fact.subject.publicKey).toMatch(/^V/);
      expect(hello.issuer.publicKey).toBe(account.publicKey);
      // A new actor without a key: refused, not minted afresh on every run.
      await expect(signingKeys({}, { role: 'module', name: 'new_actor' }, { dir: t.root }, env)).rejects.toThrow(/No keypair found in .*new_actor_module\.nk/);
    } finally {
      out.restore();
    }
    expect(out.text()).not.toContain(account.seed);
  });

  it('fails the restore step in one line when the secret is missing', async () => {
    const { job } = await workflow();
    const restore = job.steps.find((s) => s.name === 'Restore the signing keys')!;
    const runnerTemp = join(t.root, 'runner-temp-2');
    mkdirSync(runnerTemp);
    let stdout = '';
    try {
      execFileSync('bash', ['-e', '-c', restore.run!], {
        env: { PATH: process.env.PATH, RUNNER_TEMP: runnerTemp, GITHUB_ENV: join(t.root, 'env2') },
        encoding: 'utf8',
      });
    } catch (e) {
      stdout = (e as { stdout: string }).stdout;
    }
    expect(stdout).toBe('::error::secret WASH_KEYS_ARCHIVE is not set (see the top of this workflow)\n');
  });
});
