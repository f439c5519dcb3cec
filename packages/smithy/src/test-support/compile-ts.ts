import { dirname, join } from 'node:path';
import * as ts from 'typescript';

const STRICT: ts.CompilerOptions = {
  strict: true,
  // Users' projects often enable these; generated code must not trip them.
  noUnusedLocals: true,
  noUnusedParameters: true,
  noImplicitReturns: true,
  allowUnreachableCode: false,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  types: [],
  skipLibCheck: true,
  esModuleInterop: true,
};

/**
 * Type-checks generated sources with `tsc --strict` semantics (the TypeScript compiler API, in memory),
 * resolving @msgpack/msgpack and cbor-x from this package. Returns the diagnostics as text.
 */
export function typeCheck(files: Record<string, string>): string[] {
  const root = join(__dirname, '..', '..');
  const host = ts.createCompilerHost(STRICT);
  const names = Object.keys(files).map((f) => join(root, '__generated__', f));
  const byPath = new Map(names.map((n, i) => [n, files[Object.keys(files)[i]]]));
  const origRead = host.readFile.bind(host);
  const origExists = host.fileExists.bind(host);
  host.readFile = (f) => byPath.get(f) ?? origRead(f);
  host.fileExists = (f) => byPath.has(f) || origExists(f);
  const origGet = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, ...rest) => (byPath.has(f) ? ts.createSourceFile(f, byPath.get(f)!, lang) : origGet(f, lang, ...rest));
  const program = ts.createProgram(names, STRICT, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const msg = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return msg;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName.replace(dirname(root), '')}:${line + 1}:${character + 1} ${msg}`;
  });
}

/** Transpiles one generated module to CommonJS and evaluates it, with this package's require. */
export function loadGenerated<T>(source: string): T {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const mod = { exports: {} as T };
  new Function('module', 'exports', 'require', js)(mod, mod.exports, require);
  return mod.exports;
}
