import { Command } from 'commander';
import { Io } from '../output';

/** claims sign|inspect (owner: wascap). */
export function registerClaims(_program: Command, _io: Io): void {
  // Commands are added by the library issue that owns them.
}
