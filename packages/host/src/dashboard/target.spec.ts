import { Host } from '../host';
import { sign, watActorModule } from '../test-support/fixtures';
import { FAMILIES } from '../test-support/wat-actor';
import { embeddedTarget } from './target';

describe('embeddedTarget', () => {
  it('drives the embedded host and names it', async () => {
    const host = new Host({ log: () => undefined });
    try {
      const target = embeddedTarget(host, { hostId: 'NX', lattice: 'l' });
      expect([target.hostId, target.lattice, target.host]).toEqual(['NX', 'l', host]);
      expect(embeddedTarget(host).hostId).toBe('embedded');
      const signed = await sign(watActorModule(FAMILIES.wapc), { name: 't' });
      await target.startActor(signed.bytes);
      expect(target.actors().map((a) => a.name)).toEqual(['t']);
      await target.stopActor('t');
      expect(host.actors()).toEqual([]);
    } finally {
      await host.close();
    }
  });
});
