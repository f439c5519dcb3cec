import { join } from 'node:path';
import { packageVersion } from '@nx-wasmcloud/wascap/package-version';

/** This package's version, read from its package.json so it is never out of step with what was published (an Nx cache input). */
export const HOST_VERSION: string = packageVersion(join(__dirname, '..'));
