import { Command } from 'commander';
import { Io } from '../output';

/** push, pull, drain (owner: oci). */
export function registerRegistry(_program: Command, _io: Io): void {
  // Commands are added by the library issue that owns them.
}
