/** One `compiler-artifact` message of `cargo build --message-format=json`. */
export interface CargoArtifact {
  targetName: string;
  kinds: string[];
  filenames: string[];
  executable: string | null;
}

/** Parses a cargo JSON message line; undefined for other messages and for plain text. */
export function parseCargoArtifact(line: string): CargoArtifact | undefined {
  if (!line.startsWith('{')) return undefined;
  let msg: {
    reason?: string;
    target?: { name?: string; kind?: string[] };
    filenames?: string[];
    executable?: string | null;
  };
  try {
    msg = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (msg.reason !== 'compiler-artifact' || !msg.target) return undefined;
  return {
    targetName: msg.target.name ?? '',
    kinds: msg.target.kind ?? [],
    filenames: msg.filenames ?? [],
    executable: msg.executable ?? null,
  };
}
