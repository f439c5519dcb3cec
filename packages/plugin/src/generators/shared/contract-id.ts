import { toSnakeCase } from '../../utils/names';
import { PluginUserError } from '../../utils/user-error';

// project-templates' contract_id rule.
export const CONTRACT_ID = /^[a-z][a-z0-9_.:-]+$/;

/**
 * The contract id the provider and interface generators give a name when none is passed: one rule,
 * so `nx g provider calc` and `nx g interface calc` link by default. wash's own templates disagree
 * (provider `wasmcloud:example:<name>`, interface `example:interfaces:<name>`); the provider's form
 * is the one the interfaces repository's factorial model uses.
 */
export function defaultContractId(name: string): string {
  return `wasmcloud:example:${toSnakeCase(name)}`;
}

/** The contract id to write: the given one checked, else the default for the name. */
export function contractIdFor(name: string, given: string | undefined): string {
  const contractId = given ?? defaultContractId(name);
  if (!CONTRACT_ID.test(contractId)) throw new PluginUserError(`contractId "${contractId}" is not valid: lowercase letters, digits, "_", ".", ":" and "-"`);
  return contractId;
}
