// Loaded on first use: only changed .smithy files are parsed, usually none.
const smithy = () => require('@nx-wasmcloud/smithy') as typeof import('@nx-wasmcloud/smithy');

/**
 * A regex scan for `@wasmbus(contractId: "...")`, used only when a file does not parse (a model
 * being edited still links its projects). Comments are stripped first.
 */
export function scanContractIds(smithy: string): string[] {
  const ids: string[] = [];
  const noComments = smithy.replace(/"(?:[^"\\]|\\.)*"|\/\/[^\n]*/g, (m) => (m.startsWith('"') ? m : ''));
  const trait = /@wasmbus\s*\(([^)]*)\)/g;
  for (let m = trait.exec(noComments); m; m = trait.exec(noComments)) {
    const id = /\bcontractId\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(m[1]);
    if (id) ids.push(id[1]);
  }
  return ids;
}

/** Contract ids the services of one .smithy file declare with `@wasmbus(contractId: ...)`. */
export function contractIdsOf(text: string, file: string): string[] {
  try {
    const { parseSmithy, wasmbusOf } = smithy();
    const ast = parseSmithy(text, file);
    return Object.values(ast.shapes)
      .filter((s) => s.type === 'service')
      .map((s) => wasmbusOf(s.traits)?.contractId)
      .filter((id): id is string => typeof id === 'string');
  } catch {
    return scanContractIds(text);
  }
}
