import type { Command } from 'commander';
import type { Io } from '../output';

/**
 * A command group registers itself on the root program. Each lives in its own file beside this
 * one and is a thin layer over a library call.
 */
export type CommandRegistrar = (program: Command, io: Io) => void;

export interface CommandGroup {
  /** The top-level command names the group registers. */
  commands: string[];
  /** Loads the group's file (and with it its library) only when one of its commands runs. */
  load(): CommandRegistrar;
}

// Required on demand: `nx-wasmcloud push` need not load Smithy's parser or the claims signer, which
// roughly halves the CLI's start-up time (the full set is loaded for --help).
export const commandGroups: CommandGroup[] = [
  { commands: ['keys'], load: () => (require('./keys') as typeof import('./keys')).registerKeys },
  { commands: ['claims'], load: () => (require('./claims') as typeof import('./claims')).registerClaims },
  { commands: ['par'], load: () => (require('./par') as typeof import('./par')).registerPar },
  { commands: ['reg', 'push', 'pull', 'drain'], load: () => (require('./registry') as typeof import('./registry')).registerRegistry },
  { commands: ['inspect'], load: () => (require('./inspect') as typeof import('./inspect')).registerInspect },
  { commands: ['smithy'], load: () => (require('./smithy') as typeof import('./smithy')).registerSmithy },
  { commands: ['cache'], load: () => (require('./cache') as typeof import('./cache')).registerCache },
  { commands: ['call'], load: () => (require('./call') as typeof import('./call')).registerCall },
  { commands: ['up'], load: () => (require('./up') as typeof import('./up')).registerUp },
  { commands: ['ctl'], load: () => (require('./ctl') as typeof import('./ctl')).registerCtl },
];
