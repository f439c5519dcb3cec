import { toolEnv } from '../utils/env';
import { capture as versionOf, selectRustToolchain, selectTinygo } from '../utils/toolchain';

/** The versions of the toolchain the executors would pick, or why there is none. */
export async function toolchainLines(language: string, target: string | undefined, env = toolEnv()): Promise<string[]> {
  try {
    if (language === 'rustfmt') {
      // Codegen formats Rust with rustfmt when it is there and writes it unformatted when not:
      // its output depends on which, so both presence and version key the cache.
      return [await versionOf('rustfmt', ['--version'], env).catch(() => 'absent: rustfmt not found (Rust output written unformatted)')];
    }
    if (language === 'tinygo') {
      const tinygo = await selectTinygo({ env });
      return [await versionOf(tinygo, ['version'], env)];
    }
    const tc = await selectRustToolchain({ env, target });
    return [await versionOf(tc.rustc, ['-vV'], tc.env), await versionOf(tc.cargo, ['-V'], tc.env), target ? `target ${target}` : 'host'];
  } catch (e) {
    return [`absent: ${(e as Error).message}`];
  }
}
