import { toolEnv } from '../utils/env';
import { capture as versionOf, selectRustToolchain, selectTinygo } from '../utils/toolchain';

/** The versions of the toolchain the executors would pick, or why there is none. */
export async function toolchainLines(language: string, target: string | undefined, env = toolEnv()): Promise<string[]> {
  try {
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
