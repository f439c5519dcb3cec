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

  it('prints the rustfmt codegen would format with, or that there is none', async () => {
    const [line] = await toolchainLines('rustfmt', undefined);
    expect(line).toMatch(/^rustfmt \d+\.\d+/);
    expect(await toolchainLines('rustfmt', undefined, { PATH: '/nonexistent' })).toEqual(['absent: rustfmt not found (Rust output written unformatted)']);
  });
});
