// Jest 30 on Node 20 cannot load ESM-only packages (jose 6, execa 9 and execa's own ESM
// dependencies): its module loader has no require(esm). Node 20.19+ itself can, so the
// compiled packages use them as they are; only under Jest do we turn those few files
// into CommonJS, with TypeScript's transpiler (already a dependency, no type checking).
const ts = require('typescript');

module.exports = {
  process(source, filename) {
    const out = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        allowJs: true,
        esModuleInterop: true,
        sourceMap: false,
      },
    });
    return { code: out.outputText };
  },
};
