// Loaded on first use: most graph computations read no codegen.toml and should not pay for the parser.
const smithy = () => require('@nx-wasmcloud/smithy') as typeof import('@nx-wasmcloud/smithy');

/** What the graph needs from a codegen.toml: the local model paths and each language's outputs. */
export interface CodegenPlan {
  /** `[[models]] path` entries (files or directories), relative to the codegen.toml directory. */
  modelPaths: string[];
  /** language -> output_dir and the files generated into it (relative to output_dir). */
  languages: Record<string, { outputDir: string; files: string[] }>;
}

/**
 * The output plan of a weld-style codegen.toml (CodegenConfig in wasmCloud/weld codegen/src/config.rs), read with @nx-wasmcloud/smithy's
 * parser, reduced to what inputs/outputs and graph edges need.
 */
export function parseCodegenPlan(text: string, file: string): CodegenPlan {
  const config = smithy().parseCodegenConfig(text, file);
  const modelPaths: string[] = [];
  for (const m of config.models) {
    if (!('path' in m)) continue;
    if (m.files.length === 0) modelPaths.push(m.path);
    else for (const f of m.files) modelPaths.push(`${m.path.replace(/\/+$/, '')}/${f}`);
  }
  const languages: CodegenPlan['languages'] = {};
  for (const [lang, l] of Object.entries(config.languages)) {
    languages[lang] = { outputDir: l.outputDir, files: l.files.map((f) => f.path) };
  }
  return { modelPaths, languages };
}
