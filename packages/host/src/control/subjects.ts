/**
 * Control-interface subjects of the classic `wasmcloud-control-interface` crate, as wash 0.2x uses it
 * (wasmCloud/control-interface-client, tags wasmcloud-control-interface-v0.22.0 … v0.31.0, src/broker.rs):
 * `wasmbus.ctl.<lattice>.…` for requests, `wasmbus.evt.<lattice>` for CloudEvents.
 */
export const CTL_PREFIX = 'wasmbus.ctl';
export const EVT_PREFIX = 'wasmbus.evt';

const ctl = (lattice: string) => `${CTL_PREFIX}.${lattice}`;

export const subjects = {
  events: (lattice: string) => `${EVT_PREFIX}.${lattice}`,
  pingHosts: (lattice: string) => `${ctl(lattice)}.ping.hosts`,
  claims: (lattice: string) => `${ctl(lattice)}.get.claims`,
  links: (lattice: string) => `${ctl(lattice)}.get.links`,
  inventory: (lattice: string, host: string) => `${ctl(lattice)}.get.${host}.inv`,
  linkPut: (lattice: string) => `${ctl(lattice)}.linkdefs.put`,
  linkDel: (lattice: string) => `${ctl(lattice)}.linkdefs.del`,
  /** la = launch actor, sa = stop actor, upd = live update, lp/sp = launch/stop provider. */
  command: (lattice: string, host: string, cmd: 'la' | 'sa' | 'upd' | 'lp' | 'sp') => `${ctl(lattice)}.cmd.${host}.${cmd}`,
};
