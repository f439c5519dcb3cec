import { Command } from 'commander';
import { Io } from '../output';

/**
 * A command group (keys, claims, par, push/pull/drain, smithy) registers itself on the root
 * program. Each lives in its own file beside this one and is a thin layer over a library call.
 */
export type CommandRegistrar = (program: Command, io: Io) => void;

export const registrars: CommandRegistrar[] = [];
