import { execFileSync } from 'node:child_process';

/** Runs skopeo (a real, independent OCI client) and fails clearly if it is not installed. */
export function skopeo(args: string[]): Buffer {
  try {
    return execFileSync('skopeo', args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    if (e.code === 'ENOENT') throw new Error('skopeo is not installed: run tools/ensure-system-deps.sh', { cause: err });
    throw new Error(`skopeo ${args.join(' ')} failed: ${e.stderr?.toString() ?? e.message}`, { cause: err });
  }
}
