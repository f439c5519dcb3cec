import { dirname, resolve } from 'node:path';
import { parse } from 'smol-toml';
import { SmithyError } from './errors';
import { readInputText } from './read-input';

/** weld codegen.toml: `[[models]]` plus one section per output language. */
export interface CodegenConfig {
  /** Directory of codegen.toml; relative paths are resolved against it. */
  baseDir: string;
  file: string;
  models: ModelSource[];
  languages: Record<string, LanguageConfig>;
}

export type ModelSource = { path: string; files: string[] } | { url: string; files: string[] };

export interface LanguageConfig {
  templates?: string;
  outputDir: string;
  parameters: Record<string, unknown>;
  formatter: string[];
  files: OutputFile[];
}

export interface OutputFile {
  path: string;
  hbs?: string;
  createOnly: boolean;
  namespace?: string;
  /** Any other keys (crate, no_serde, package): per-file parameters. */
  params: Record<string, unknown>;
}

const LANGUAGES = ['poly', 'html', 'rust', 'assemblyscript', 'tinygo', 'go', 'python', 'clang', 'typescript'];

export function readCodegenConfig(path: string): CodegenConfig {
  const file = resolve(path);
  return parseCodegenConfig(readInputText(file, 'config'), file);
}

export function parseCodegenConfig(text: string, file: string): CodegenConfig {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new SmithyError(`${file}: invalid TOML: ${String((err as Error).message).split('\n')[0]}`);
  }
  const models: ModelSource[] = [];
  const rawModels = doc.models ?? [];
  if (!Array.isArray(rawModels)) throw new SmithyError(`${file}: 'models' must be an array of tables ([[models]])`);
  rawModels.forEach((m, i) => {
    const where = `${file}: models[${i}]`;
    if (!m || typeof m !== 'object') throw new SmithyError(`${where} must be a table`);
    const rec = m as Record<string, unknown>;
    const files = rec.files ?? [];
    if (!Array.isArray(files) || files.some((f) => typeof f !== 'string')) throw new SmithyError(`${where}.files must be a list of strings`);
    if (typeof rec.url === 'string') models.push({ url: rec.url, files: files as string[] });
    else if (typeof rec.path === 'string') models.push({ path: rec.path, files: files as string[] });
    else throw new SmithyError(`${where} needs 'path' or 'url'`);
  });
  const languages: Record<string, LanguageConfig> = {};
  for (const lang of LANGUAGES) {
    const raw = doc[lang];
    if (raw === undefined) continue;
    const where = `${file}: [${lang}]`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new SmithyError(`${where} must be a table`);
    const rec = raw as Record<string, unknown>;
    if (typeof rec.output_dir !== 'string') throw new SmithyError(`${where} needs output_dir (a path relative to codegen.toml)`);
    const params = rec.parameters ?? {};
    if (typeof params !== 'object' || Array.isArray(params)) throw new SmithyError(`${where}.parameters must be a table`);
    const formatter = rec.formatter ?? [];
    if (!Array.isArray(formatter) || formatter.some((f) => typeof f !== 'string')) throw new SmithyError(`${where}.formatter must be a list of strings`);
    const files = rec.files ?? [];
    if (!Array.isArray(files)) throw new SmithyError(`${where}.files must be an array of tables`);
    languages[lang] = {
      templates: typeof rec.templates === 'string' ? rec.templates : undefined,
      outputDir: rec.output_dir,
      parameters: params as Record<string, unknown>,
      formatter: formatter as string[],
      files: files.map((f, i) => {
        if (!f || typeof f !== 'object' || typeof (f as Record<string, unknown>).path !== 'string') {
          throw new SmithyError(`${where}.files[${i}] needs path (relative to output_dir)`);
        }
        const { path, hbs, create_only, namespace, ...rest } = f as Record<string, unknown>;
        return {
          path: path as string,
          hbs: typeof hbs === 'string' ? hbs : undefined,
          createOnly: create_only === true,
          namespace: typeof namespace === 'string' ? namespace : undefined,
          params: rest,
        };
      }),
    };
  }
  return { baseDir: dirname(file), file, models, languages };
}
