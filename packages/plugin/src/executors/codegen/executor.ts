import type { ExecutorContext } from '@nx/devkit';
import { logger } from '@nx/devkit';
import { generate, readCodegenConfig } from '@nx-wasmcloud/smithy';
import { join, relative } from 'node:path';
import { toolEnv } from '../../utils/env';
import { projectDir } from '../shared/project';
import { runExecutor } from '../shared/run-executor';
import type { CodegenExecutorSchema } from './schema';

/** `wash gen`: @nx-wasmcloud/smithy generates every language in codegen.toml. */
export default async function codegenExecutor(options: CodegenExecutorSchema, context: ExecutorContext) {
  return runExecutor(async () => {
    const { dir } = projectDir(context);
    const config = join(dir, options.config ?? 'codegen.toml');
    const result = await generate(config, { languages: options.languages, env: toolEnv() });
    for (const f of result.written) logger.info(`generated ${relative(context.root, f)}`);
    for (const w of result.warnings) logger.warn(`warning: ${w}`);
    for (const w of templateWarnings(config, options.languages)) logger.warn(`warning: ${w}`);
    logger.info(`${result.written.length} file(s) written, ${result.unchanged.length} unchanged`);
  });
}

/**
 * `templates` (weld's directory of Handlebars overrides, e.g. the interfaces repository's
 * `[html] templates = "build/templates"`) is read but not applied: the built-in templates are used.
 * Said once per language, so docs that differ from the overrides are not a surprise.
 */
function templateWarnings(config: string, languages: string[] | undefined): string[] {
  const c = readCodegenConfig(config);
  return Object.entries(c.languages)
    .filter(([lang, l]) => l.templates !== undefined && (!languages?.length || languages.includes(lang)))
    .map(([lang, l]) => `[${lang}] templates = "${l.templates}" in ${c.file} is not supported; the built-in templates were used`);
}
