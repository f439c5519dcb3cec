import { logger } from '@nx/devkit';
import { isUserError } from '@nx-wasmcloud/wascap';

/**
 * Runs an executor body: a user error (bad file, missing toolchain, registry refusal) ends in one
 * line and `success: false`; anything else is a bug and keeps its stack for the report.
 */
export async function runExecutor(body: () => Promise<void>): Promise<{ success: boolean }> {
  try {
    await body();
    return { success: true };
  } catch (e) {
    if (isUserError(e)) logger.error(`error: ${e.message}`);
    else logger.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return { success: false };
  }
}
