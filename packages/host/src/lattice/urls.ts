import { WasmCloudEntity } from './envelopes';

/**
 * weld `WasmCloudEntity::url` (rpc-rs lib.rs), otp `inv.rs`: an actor (key starting with M, in any
 * case) is `wasmbus://<pk>`; anything else `wasmbus://<contract path>/<link>/<pk>`.
 */
export function entityUrl(e: WasmCloudEntity): string {
  if (e.public_key.toUpperCase().startsWith('M')) return `wasmbus://${e.public_key}`;
  const contract = e.contract_id.replaceAll(':', '/').replaceAll(' ', '_').toLowerCase();
  const link = e.link_name.replaceAll(' ', '_').toLowerCase();
  return `wasmbus://${contract}/${link}/${e.public_key}`;
}

/** The target URL that invocation claims carry: the entity URL, then `/<operation>`. */
export function targetUrl(e: WasmCloudEntity, operation: string): string {
  return `${entityUrl(e)}/${operation}`;
}

/** weld `rpc_topic`: providers listen per link name, actors on their key alone. */
export function rpcSubject(lattice: string, e: WasmCloudEntity): string {
  return e.link_name ? `wasmbus.rpc.${lattice}.${e.public_key}.${e.link_name}` : `wasmbus.rpc.${lattice}.${e.public_key}`;
}
