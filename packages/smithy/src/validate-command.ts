import { resolve } from 'node:path';
import { readCodegenConfig } from './config';
import { buildModel, Model } from './model';
import { loadSources, readSourceFile } from './sources';
import { Problem, validateModel } from './validate';

export interface ValidateResult {
  model: Model;
  problems: Problem[];
  /** True when no problem is an error. */
  ok: boolean;
}

/**
 * `wash validate`: a codegen.toml (its [[models]]) or a list of .smithy/.json files, parsed,
 * merged with the prelude and checked. Syntax errors throw ParseError; model problems are returned.
 */
export async function validate(inputs: string | string[], env: NodeJS.ProcessEnv = process.env): Promise<ValidateResult> {
  const list = Array.isArray(inputs) ? inputs : [inputs];
  const asts =
    list.length === 1 && list[0].endsWith('.toml') ? await loadSources(readCodegenConfig(list[0]), env) : list.map((f) => readSourceFile(resolve(f)));
  const model = buildModel(asts);
  const problems = validateModel(model);
  return { model, problems, ok: !problems.some((p) => p.severity === 'error') };
}
