import { cloudEvent } from './cloud-event';

describe('cloudEvent', () => {
  it('is a CloudEvent 1.0 with the wasmCloud lattice type and the host as source', () => {
    const e = cloudEvent('actor_started', 'NHOST', { public_key: 'M' }, new Date(0));
    expect(e).toEqual({
      specversion: '1.0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      source: 'NHOST',
      type: 'com.wasmcloud.lattice.actor_started',
      time: '1970-01-01T00:00:00.000Z',
      datacontenttype: 'application/json',
      data: { public_key: 'M' },
    });
  });
});
