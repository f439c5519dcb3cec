import { encodeHostData, HostData, natsHostPort } from './host-data';

describe('HostData', () => {
  const data: HostData = {
    host_id: 'NHOST',
    lattice_rpc_prefix: 'default',
    lattice_rpc_url: '127.0.0.1:4222',
    provider_key: 'VKEY',
    link_name: 'default',
    invocation_seed: 'SCSECRET',
    cluster_issuers: ['CISSUER'],
    env_values: {},
    link_definitions: [{ actor_id: 'MACTOR', provider_id: 'VKEY', link_name: 'default', contract_id: 'wasmcloud:example', values: { a: 'b' } }],
    instance_id: 'c1f1a2a4-0000-4000-8000-000000000000',
    structured_logging: false,
  };

  it('is one line of padded standard base64 of the JSON, as otp writes it', () => {
    const line = encodeHostData(data);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(line.slice(0, -1).length % 4).toBe(0);
    const back = JSON.parse(Buffer.from(line.trim(), 'base64').toString());
    expect(back).toEqual(data);
    // The keys weld has no serde default for are always there.
    for (const k of ['env_values', 'link_definitions', 'cluster_issuers']) expect(back).toHaveProperty(k);
  });

  it('lattice_rpc_url is host:port', () => {
    expect(natsHostPort('nats://127.0.0.1:4333')).toBe('127.0.0.1:4333');
    expect(natsHostPort('127.0.0.1:4333')).toBe('127.0.0.1:4333');
    expect(natsHostPort('nats://user:pw@example.test:5000/')).toBe('example.test:5000');
    expect(natsHostPort('localhost')).toBe('localhost:4222');
  });
});
