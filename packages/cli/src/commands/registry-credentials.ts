import { Io } from '../output';

/**
 * -u/-p as wash's clap `env` fallback reads them: a flag given on the command line pairs with the
 * other from WASH_REG_USER/WASH_REG_PASSWORD. Neither flag given: undefined, and the library
 * resolves env and docker config itself.
 */
export function flagCredentials(io: Io, user: string | undefined, password: string | undefined): { username?: string; password?: string } | undefined {
  if (user === undefined && password === undefined) return undefined;
  return { username: user ?? io.env.WASH_REG_USER, password: password ?? io.env.WASH_REG_PASSWORD };
}
