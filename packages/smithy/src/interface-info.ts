import { SmithyAst } from './ast';
import { readCodegenConfig } from './config';
import { readSourceFile, resolveSources } from './sources';
import { wasmbusOf } from './wasmcloud';

export interface InterfaceInfo {
  /** codegen.toml, absolute. */
  config: string;
  /** Local model files (absolute), the inputs a build depends on. */
  modelFiles: string[];
  /** Remote model URLs that are not served from the bundled prelude. */
  urls: string[];
  /** Service shape id -> @wasmbus contractId, for the interface's own (local) models. */
  contractIds: Record<string, string>;
}

/**
 * What a build graph needs from an interface, cheaply: its model files and the contract ids its
 * services declare. Parses only (no validation, no network, no prelude).
 */
export function describeInterface(codegenTomlPath: string): InterfaceInfo {
  const config = readCodegenConfig(codegenTomlPath);
  const info: InterfaceInfo = { config: config.file, modelFiles: [], urls: [], contractIds: {} };
  const asts: SmithyAst[] = [];
  for (const src of resolveSources(config)) {
    if (src.kind === 'file') {
      info.modelFiles.push(src.file);
      asts.push(readSourceFile(src.file));
    } else if (src.kind === 'url') {
      info.urls.push(src.url);
    }
  }
  for (const ast of asts) {
    for (const [id, shape] of Object.entries(ast.shapes)) {
      if (shape.type !== 'service') continue;
      const wb = wasmbusOf(shape.traits);
      if (wb?.contractId) info.contractIds[id] = wb.contractId;
    }
  }
  return info;
}
