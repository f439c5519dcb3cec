import { Provider } from '../types';
import { keyValueDouble } from './keyvalue';
import { messagingDouble } from './messaging';

/** The in-memory double shipped for a contract, fresh each time; undefined when there is none. */
export function doubleFor(contractId: string): Provider | undefined {
  switch (contractId) {
    case 'wasmcloud:keyvalue':
      return keyValueDouble();
    case 'wasmcloud:messaging':
      return messagingDouble();
    default:
      return undefined;
  }
}
