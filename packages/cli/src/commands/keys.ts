import { Command } from 'commander';
import { Io } from '../output';

/** keys gen|get|list (owner: wascap). */
export function registerKeys(_program: Command, _io: Io): void {
  // Commands are added by the library issue that owns them.
}
