import { isAbsolute, join, relative } from 'node:path';
import { Command } from 'commander';
import { buildModel, generate, modelToJson, parseSmithy, readInputText, SmithyAst, SmithyError, validate } from '@nx-wasmcloud/smithy';
import { UsageError } from '../errors';
import { addOutputOption, Io, OutputKind, printResult } from '../output';

/** smithy validate|json|gen: wash's lint/validate/gen over @nx-wasmcloud/smithy. */
export function registerSmithy(program: Command, io: Io): void {
  const smithy = program.command('smithy').description('Smithy interface models: validate, print the JSON AST, generate code');
  const abs = (p: string) => (isAbsolute(p) ? p : join(io.cwd, p));
  const rel = (p: string) => relative(io.cwd, p) || '.';

  addOutputOption(
    smithy
      .command('validate')
      .description("parse and check a codegen.toml's models, or the given .smithy/.json files")
      .argument('[inputs...]', 'codegen.toml or model files', ['codegen.toml']),
  ).action(async (inputs: string[], opts: { output?: OutputKind }) => {
    const result = await validate(inputs.map(abs), io.env);
    const shapes = [...result.model.shapes.keys()].filter((id) => !id.startsWith('smithy.api#')).length;
    for (const p of result.problems) io.err(`${p.severity}: ${p.message}`);
    const errors = result.problems.filter((p) => p.severity === 'error').length;
    printResult(io, opts.output, result.ok ? `valid: ${shapes} shapes` : `${errors} error(s)`, {
      valid: result.ok,
      shapes,
      problems: result.problems,
    });
    if (!result.ok) throw new SmithyError(`validation failed with ${errors} error(s)`);
  });

  smithy
    .command('json')
    .description('print the JSON AST of the given model files (merged, without the smithy.api prelude)')
    .argument('<files...>', '.smithy files')
    .action((files: string[]) => {
      // readInputText refuses devices, FIFOs and oversized files in one line.
      const asts: SmithyAst[] = files.map((f) => parseSmithy(readInputText(abs(f), 'model file', io.env), f));
      const ast = files.length === 1 ? asts[0] : modelToJson(buildModel(asts, { prelude: false }));
      io.out(JSON.stringify(ast, null, 2));
    });

  addOutputOption(
    smithy
      .command('gen')
      .description('generate code and docs from codegen.toml, writing only files that changed')
      .argument('[config]', 'codegen.toml', 'codegen.toml')
      .option('-l, --languages <list>', 'comma-separated languages: rust,typescript,html (default: all configured)')
      .option('--output-dir <dir>', 'directory that output_dir paths are relative to (default: the codegen.toml directory)'),
  ).action(async (config: string, opts: { languages?: string; outputDir?: string; output?: OutputKind }) => {
    const languages = opts.languages
      ?.split(',')
      .map((l) => l.trim())
      .filter(Boolean);
    if (opts.languages !== undefined && !languages?.length) throw new UsageError('--languages needs at least one language');
    const r = await generate(abs(config), { languages, outputDir: opts.outputDir ? abs(opts.outputDir) : undefined, env: io.env });
    for (const w of r.warnings) io.err(`warning: ${w}`);
    const text = [...r.written.map((f) => `wrote ${rel(f)}`), `${r.written.length} written, ${r.unchanged.length} unchanged`].join('\n');
    printResult(io, opts.output, text, { written: r.written, unchanged: r.unchanged, warnings: r.warnings });
  });
}
