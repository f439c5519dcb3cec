/**
 * The one test for "a user can fix this": every package's errors carry `isUserError = true`
 * (WascapError, ParError, OciError, the CLI's UsageError, the plugin's PluginUserError), and the
 * CLI and the executors print those as one line without a stack.
 */
export function isUserError(err: unknown): err is Error & { isUserError: true } {
  return err instanceof Error && (err as { isUserError?: unknown }).isUserError === true;
}
