import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SmithyAst } from './ast';
import { parseSmithy } from './parser';

/** The bundled prelude files (copied to dist/prelude by the build). */
export const PRELUDE_FILES = {
  'smithy.api': 'smithy-api.smithy',
  'org.wasmcloud.model': 'wasmcloud-model.smithy',
  'org.wasmcloud.core': 'wasmcloud-core.smithy',
} as const;

export function preludeDir(): string {
  return join(__dirname, 'prelude');
}

let smithyApi: SmithyAst | undefined;
let names: Set<string> | undefined;
const bundled = new Map<string, SmithyAst>();

/** The smithy.api prelude, parsed once. */
export function smithyApiAst(): SmithyAst {
  if (!smithyApi) {
    const file = join(preludeDir(), PRELUDE_FILES['smithy.api']);
    smithyApi = parseSmithy(readFileSync(file, 'utf8'), file, { preludeNames: new Set() });
  }
  return smithyApi;
}

/** Shape names of smithy.api, for resolving relative ids. */
export function preludeShapeNames(): ReadonlySet<string> {
  if (!names) names = new Set(Object.keys(smithyApiAst().shapes).map((id) => id.slice(id.indexOf('#') + 1)));
  return names;
}

/** A bundled wasmCloud namespace file ('wasmcloud-model.smithy' or 'wasmcloud-core.smithy'), parsed once. */
export function bundledAst(fileName: string): SmithyAst {
  let ast = bundled.get(fileName);
  if (!ast) {
    const file = join(preludeDir(), fileName);
    ast = parseSmithy(readFileSync(file, 'utf8'), file);
    bundled.set(fileName, ast);
  }
  return ast;
}
