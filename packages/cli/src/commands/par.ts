import { Command } from 'commander';
import { Io } from '../output';

/** par create|insert|inspect (owner: par). */
export function registerPar(_program: Command, _io: Io): void {
  // Commands are added by the library issue that owns them.
}
