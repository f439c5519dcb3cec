import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { createPar } from './create';
import { ParError } from './errors';
import { extractParTarget } from './extract';
import { inspectPar } from './inspect';
import { testKeys } from './test-support/keys';

let dir: string;
let n = 0;
const keys = testKeys();
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'par-prop-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const arch = fc.constantFrom('x86_64', 'aarch64', 'arm', 'riscv64', 's390x');
const os = fc.constantFrom('linux', 'macos', 'windows', 'freebsd');
const targets = fc.uniqueArray(fc.record({ target: fc.tuple(arch, os).map(([a, o]) => `${a}-${o}`), data: fc.uint8Array({ maxLength: 4000 }) }), {
  selector: (t) => t.target,
  minLength: 1,
  maxLength: 4,
});

async function make(entries: { target: string; data: Uint8Array }[], compress: boolean): Promise<string> {
  const id = n++;
  const binaries = entries.map((e, i) => {
    const path = join(dir, `b${id}-${i}`);
    writeFileSync(path, e.data);
    return { target: e.target, path };
  });
  const { file } = await createPar({ binaries, capid: 'p:q', vendor: 'v', name: `n${id}`, ...keys, destination: join(dir, `a${id}.par`), compress });
  return file;
}

describe('PAR round trip (property)', () => {
  it('inspect and extract give back every binary with its hash, plain or gzip', async () => {
    await fc.assert(
      fc.asyncProperty(targets, fc.boolean(), async (entries, compress) => {
        const file = await make(entries, compress);
        const report = await inspectPar(file);
        expect(report.valid).toBe(true);
        expect(report.targets.map((t) => t.target)).toEqual(entries.map((e) => e.target).sort());
        for (const e of entries) {
          const out = join(dir, `x${n++}`);
          const r = await extractParTarget(file, e.target, out);
          expect(readFileSync(out).equals(Buffer.from(e.data))).toBe(true);
          expect(r.hash).toBe(createHash('sha256').update(e.data).digest('hex').toUpperCase());
        }
      }),
      { numRuns: 15 },
    );
  });

  it('a corrupted or cut archive is reported (problems) or refused (ParError), never crashes', async () => {
    await fc.assert(
      fc.asyncProperty(targets, fc.boolean(), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean(), async (entries, compress, pos, xor, cut) => {
        const file = await make(entries, compress);
        const bytes = readFileSync(file);
        const at = pos % bytes.length;
        if (cut) writeFileSync(file, bytes.subarray(0, at));
        else {
          bytes[at] ^= xor;
          writeFileSync(file, bytes);
        }
        try {
          const report = await inspectPar(file);
          // Flipped padding or trailing zero bytes change nothing that is checked.
          if (!report.valid) expect(report.problems.length).toBeGreaterThan(0);
        } catch (err) {
          expect(err).toBeInstanceOf(ParError);
        }
      }),
      { numRuns: 60 },
    );
  });
});
