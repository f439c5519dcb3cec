import * as path from 'node:path';
import * as ts from 'typescript';

// What tsc compiles into dist/ is what npm publishes (package.json "files": dist). Test helpers and
// specs must stay out, whatever their file name (test-support.ts as well as test-support/).
describe('the published build', () => {
  it('compiles no spec or test-support file into dist/', () => {
    const configPath = path.join(__dirname, '..', 'tsconfig.lib.json');
    const read = ts.readConfigFile(configPath, ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(configPath));
    const sources = parsed.fileNames.map((f) => path.relative(path.dirname(configPath), f));
    expect(sources).toContain(path.join('src', 'index.ts'));
    expect(sources.filter((f) => /\.spec\.ts$|test-support/.test(f))).toEqual([]);
  });
});
