import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * Transpiles this package's sources (not its specs) to CommonJS in `outDir`, so a test can run
 * them in real child processes (`node`) without a build step and without a stale dist/.
 */
export function transpileSources(outDir: string): string {
  const src = path.join(__dirname, '..');
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(src)) {
    if (!f.endsWith('.ts') || f.endsWith('.spec.ts')) continue;
    const out = ts.transpileModule(readFileSync(path.join(src, f), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: f,
    });
    writeFileSync(path.join(outDir, f.replace(/\.ts$/, '.js')), out.outputText);
  }
  return outDir;
}
