import { ParIoError } from './errors';

/** Turns fs errors into one-line user errors; anything else is a bug and passes through. */
export function ioError(err: unknown, context: string): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : code;
    return new ParIoError(`${context}: ${reason}`);
  }
  return err as Error;
}
