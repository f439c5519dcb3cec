import { parseCodegenConfig } from './config';
import { SmithyError } from './errors';

describe('parseCodegenConfig (weld codegen.toml schema)', () => {
  it('reads models, language sections, parameters and per-file params', () => {
    const cfg = parseCodegenConfig(
      `[[models]]\npath = "."\nfiles = ["a.smithy"]\n[[models]]\nurl = "https://x/core"\nfiles = ["wasmcloud-core.smithy"]\n` +
        `[rust]\noutput_dir = "rust"\nformatter = ["rustfmt", "--edition", "2021"]\n[rust.parameters]\nflag = true\n` +
        `[[rust.files]]\npath = "src/a.rs"\nnamespace = "ex.a"\ncrate = "wasmbus_rpc"\nno_serde = true\n[html]\noutput_dir = "html"\n`,
      '/p/codegen.toml',
    );
    expect(cfg.baseDir).toBe('/p');
    expect(cfg.models).toEqual([
      { path: '.', files: ['a.smithy'] },
      { url: 'https://x/core', files: ['wasmcloud-core.smithy'] },
    ]);
    expect(cfg.languages.rust).toEqual({
      templates: undefined,
      outputDir: 'rust',
      parameters: { flag: true },
      formatter: ['rustfmt', '--edition', '2021'],
      files: [{ path: 'src/a.rs', hbs: undefined, createOnly: false, namespace: 'ex.a', params: { crate: 'wasmbus_rpc', no_serde: true } }],
    });
    expect(cfg.languages.html.files).toEqual([]);
  });

  it.each([
    ['[[models]]\nfiles = []', "models[0] needs 'path' or 'url'"],
    ['[rust]\nparameters = {}', '[rust] needs output_dir'],
    ['[rust]\noutput_dir = "r"\n[[rust.files]]\nnamespace = "x"', '[rust].files[0] needs path'],
    ['models = 3', "'models' must be an array of tables"],
    ['[[models]\n', 'invalid TOML'],
  ])('rejects %j with a one-line user error', (text, message) => {
    let err: unknown;
    try {
      parseCodegenConfig(text, '/p/codegen.toml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SmithyError);
    expect((err as Error).message).toContain(message);
    expect((err as Error).message).toContain('/p/codegen.toml');
    expect((err as Error).message).not.toContain('\n');
  });
});
