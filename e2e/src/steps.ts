// Ordered e2e steps that share one workspace: a step runs only when the steps it needs passed,
// and otherwise fails naming them, so the first real failure is the one to read.
import * as kit from '../../tools/e2e-kit';

const passed = new Set<string>();

export const log = (line: string): void => {
  process.stdout.write(`  ${line}\n`);
};

export function step(name: string, needs: string[], body: () => Promise<void>, timeout?: number): void {
  test(
    name,
    async () => {
      const missing = needs.filter((n) => !passed.has(n));
      if (missing.length) throw new Error(`step "${name}" cannot run: step(s) ${missing.map((m) => `"${m}"`).join(', ')} did not pass`);
      const started = Date.now();
      log(`── ${name}`);
      try {
        await body();
      } catch (err) {
        const e = err as Error & { isMissingCapability?: boolean };
        const prefix = e.isMissingCapability ? 'needs a capability that does not exist yet' : 'failed';
        process.stderr.write(`\ne2e step "${name}" ${prefix}:\n${e.message}\n`);
        throw err;
      }
      log(`   ${name}: ok in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      passed.add(name);
    },
    timeout,
  );
}

export { kit };
