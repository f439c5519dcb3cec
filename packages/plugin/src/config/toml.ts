import { parse } from 'smol-toml';
import { PluginUserError } from '../utils/user-error';

/** A TOML table as smol-toml returns it. */
export type Table = Record<string, unknown>;

export const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses a manifest; invalid TOML is one line naming the file (the parser's first line only). */
export function parseTomlFile(text: string, file: string): Table {
  try {
    return parse(text) as Table;
  } catch (err) {
    const detail = (err as Error).message.split('\n')[0];
    throw new PluginUserError(`${file}: not valid TOML (${detail}); fix the file`);
  }
}
