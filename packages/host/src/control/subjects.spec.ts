import { subjects } from './subjects';

describe('control subjects (control-interface-client src/broker.rs)', () => {
  it('are wasmbus.ctl.<lattice>.… and wasmbus.evt.<lattice>', () => {
    expect(subjects.pingHosts('default')).toBe('wasmbus.ctl.default.ping.hosts');
    expect(subjects.inventory('l', 'NHOST')).toBe('wasmbus.ctl.l.get.NHOST.inv');
    expect(subjects.claims('l')).toBe('wasmbus.ctl.l.get.claims');
    expect(subjects.links('l')).toBe('wasmbus.ctl.l.get.links');
    expect(subjects.linkPut('l')).toBe('wasmbus.ctl.l.linkdefs.put');
    expect(subjects.linkDel('l')).toBe('wasmbus.ctl.l.linkdefs.del');
    expect(['la', 'sa', 'upd', 'lp', 'sp'].map((c) => subjects.command('l', 'N', c as 'la'))).toEqual([
      'wasmbus.ctl.l.cmd.N.la',
      'wasmbus.ctl.l.cmd.N.sa',
      'wasmbus.ctl.l.cmd.N.upd',
      'wasmbus.ctl.l.cmd.N.lp',
      'wasmbus.ctl.l.cmd.N.sp',
    ]);
    expect(subjects.events('l')).toBe('wasmbus.evt.l');
  });
});
