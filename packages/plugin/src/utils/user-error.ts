/**
 * A failure the user caused and can fix (a bad wasmcloud.toml value, a missing toolchain, a bad
 * option). Nx and the executors print only its one-line message, never a stack trace.
 */
export class PluginUserError extends Error {
  readonly isUserError = true;
  constructor(message: string) {
    super(message);
    this.name = 'PluginUserError';
  }
}
