import { Command } from 'commander';
import { Io } from '../output';
import { registerKeys } from './keys';
import { registerClaims } from './claims';
import { registerPar } from './par';
import { registerRegistry } from './registry';
import { registerSmithy } from './smithy';

/**
 * A command group registers itself on the root program. Each lives in its own file beside this
 * one and is a thin layer over a library call.
 */
export type CommandRegistrar = (program: Command, io: Io) => void;

export const registrars: CommandRegistrar[] = [registerKeys, registerClaims, registerPar, registerRegistry, registerSmithy];
