import { KeyPair } from '@nx-wasmcloud/wascap';

export function testKeys(): { issuer: KeyPair; subject: KeyPair } {
  return { issuer: KeyPair.create('account'), subject: KeyPair.create('service') };
}
