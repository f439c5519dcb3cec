import { decode, encode } from '@msgpack/msgpack';
import { Host } from '../host';
import { hostCallPayload, sign, watActorModule } from '../test-support/fixtures';
import { FAMILIES } from '../test-support/wat-actor';
import { DashboardController } from './controller';
import { embeddedTarget } from './target';

describe('DashboardController over an embedded host', () => {
  let host: Host;
  let controller: DashboardController;
  beforeEach(() => {
    host = new Host({ log: () => undefined });
    controller = new DashboardController(embeddedTarget(host, { hostId: 'NHOST', lattice: 'lat' }));
  });
  afterEach(() => host.close());

  it('links the in-memory double, keeps the link over a stop and start, and deletes it', async () => {
    const signed = await sign(watActorModule(FAMILIES['wasmbus-0.7']), { name: 'kv-actor', caps: ['wasmcloud:keyvalue'] });
    await controller.startActor(signed.bytes);
    await controller.putLink({ actorId: 'kv-actor', contractId: 'wasmcloud:keyvalue' });
    const set = hostCallPayload('default', 'wasmcloud:keyvalue', 'KeyValue.Set', encode({ key: 'k', value: 'v', expires: 0 }));
    const get = hostCallPayload('default', 'wasmcloud:keyvalue', 'KeyValue.Get', encode('k'));
    await host.call(signed.publicKey, 'Host.Call', set);
    await controller.stopActor(signed.publicKey);
    await controller.startActor(signed.bytes);
    expect(decode(await host.call(signed.publicKey, 'Host.Call', get))).toEqual({ exists: true, value: 'v' });
    expect(controller.state().links).toEqual([{ actorId: signed.publicKey, contractId: 'wasmcloud:keyvalue', linkName: 'default', provider: 'double' }]);

    await controller.deleteLink({ actorId: signed.publicKey, contractId: 'wasmcloud:keyvalue' });
    expect(controller.state().links).toEqual([]);
    await expect(host.call(signed.publicKey, 'Host.Call', get)).rejects.toThrow('Host error: Call alias not found: wasmcloud:keyvalue on default');
  });

  it('refuses a lattice link without a lattice, a contract without a double, and an unknown actor, in one line each', async () => {
    const signed = await sign(watActorModule(FAMILIES['wasmbus-0.7']), { name: 'plain' });
    await controller.startActor(signed.bytes);
    await expect(controller.putLink({ actorId: 'plain', contractId: 'wasmcloud:keyvalue', provider: 'VABC' })).rejects.toThrow(
      'link: this host has no lattice; link to the in-memory double (provider "double")',
    );
    await expect(controller.putLink({ actorId: 'plain', contractId: 'wasmcloud:httpserver' })).rejects.toThrow(
      'link wasmcloud:httpserver: there is no in-memory double for this contract',
    );
    await expect(controller.invoke({ actor: 'nobody', operation: 'Echo.Echo' })).rejects.toThrow("no actor 'nobody' is running in this host");
    await expect(controller.invoke({ actor: 'plain' })).rejects.toThrow('operation is required');
  });

  it('counts invocations and errors per actor and reports the state', async () => {
    const signed = await sign(watActorModule(FAMILIES['wasmbus-0.7']), { name: 'counted' });
    await controller.startActor(signed.bytes);
    expect(await controller.invoke({ actor: 'counted', operation: 'Echo.Echo', data: '[1, "two"]' })).toEqual({
      format: 'msgpack',
      json: [1, 'two'],
      binaries: 'none',
    });
    await expect(controller.invoke({ actor: 'counted', operation: 'Fail.Fail' })).rejects.toThrow('échec: boom ✗');
    const s = controller.state();
    expect(s.host.hostId).toBe('NHOST');
    expect(s.host.lattice).toBe('lat');
    expect(s.actors).toEqual([expect.objectContaining({ publicKey: signed.publicKey, calls: 2, errors: 1 })]);
    expect(s.providers).toEqual([]);
  });
});
