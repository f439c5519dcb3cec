export { run, createProgram } from './program';
export { version } from './version';
export { EXIT_OK, EXIT_FAILED, EXIT_USAGE, UsageError, isUserError } from './errors';
export type { Io, OutputKind } from './output';
