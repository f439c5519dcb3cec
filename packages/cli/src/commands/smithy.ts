import { Command } from 'commander';
import { Io } from '../output';

/** smithy validate|json|gen (owner: smithy). */
export function registerSmithy(_program: Command, _io: Io): void {
  // Commands are added by the library issue that owns them.
}
