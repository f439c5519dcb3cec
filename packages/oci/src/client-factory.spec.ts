import { connect } from './client-factory';

describe('connect', () => {
  it('builds a client for the registry, resolving credentials from the given env', async () => {
    const { client, close } = await connect('reg.example.com', 'https', { env: { WASH_REG_USER: 'u', WASH_REG_PASSWORD: 'p', HOME: '/nonexistent' } });
    expect(client.registry).toBe('reg.example.com');
    expect(client.monolithicMax).toBe(8 << 20);
    // Whole blobs in one streamed PATCH unless a registry refuses that (413).
    expect(client.chunkSize).toBe(Number.MAX_SAFE_INTEGER);
    close();
  });
});
