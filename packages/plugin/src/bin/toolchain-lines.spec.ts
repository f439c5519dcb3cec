import { toolchainLines } from './toolchain-lines';

describe('toolchainLines', () => {
  it('prints the versions of the toolchain that would build wasm32', async () => {
    const lines = await toolchainLines('rust', 'wasm32-unknown-unknown');
    expect(lines[0]).toMatch(/^rustc \d+\.\d+/);
    expect(lines[1]).toMatch(/^cargo \d+\.\d+/);
    expect(lines[2]).toBe('target wasm32-unknown-unknown');
  });

  it('prints why there is none instead of failing the hash', async () => {
    const lines = await toolchainLines('rust', 'wasm32-unknown-unknown', { PATH: '/nonexistent', RUSTC: '/nonexistent/rustc' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^absent: cargo\/rustc not found/);
  });
});
