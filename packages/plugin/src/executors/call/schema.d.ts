export interface CallExecutorSchema {
  /** Operation, passed verbatim (e.g. HttpServer.HandleRequest). */
  operation: string;
  /** JSON payload (sent as msgpack); a string is parsed as JSON text, anything else is sent as given. */
  data?: unknown;
  /** File holding the JSON payload, relative to the project root. */
  dataFile?: string;
  /** The actor to call: default the project's signed module (build/<name>_s.wasm). */
  actor?: string;
  /** More actors in the same host (files relative to the workspace root, or OCI references). */
  actors?: string[];
  /** contract id -> "double" or a JS module exporting a provider (relative to the project root). */
  links?: Record<string, string>;
  linkName?: string;
  timeoutMs?: number;
  maxPayloadBytes?: number;
  /** Print `{format, binaries, reply}` instead of the reply alone. */
  json?: boolean;
}
