import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { toolEnv } from './env';
import { capture, hostTriple, selectRustToolchain, selectTinygo } from './toolchain';

describe('selectRustToolchain', () => {
  const env = toolEnv();

  it('picks a toolchain whose sysroot has the wasm32 standard library (Debian /usr here)', async () => {
    if (!existsSync('/usr/lib/rustlib/wasm32-unknown-unknown'))
      throw new Error("this test needs Debian's libstd-rust-dev-wasm32 (tools/ensure-system-deps.sh)");
    const tc = await selectRustToolchain({ env, target: 'wasm32-unknown-unknown' });
    expect(existsSync(tc.rustc) || tc.rustc === 'rustc').toBe(true);
    expect(tc.env.RUSTC).toBe(tc.rustc);
    const sysroot = await capture(tc.rustc, ['--print', 'sysroot'], tc.env);
    expect(existsSync(join(sysroot, 'lib/rustlib/wasm32-unknown-unknown'))).toBe(true);
  });

  it('honours RUSTC and fails in one line when it lacks the target', async () => {
    const native = await selectRustToolchain({ env });
    const promise = selectRustToolchain({ env: { ...env, RUSTC: native.rustc === 'rustc' ? 'rustc' : native.rustc }, target: 'thumbv6m-none-eabi' });
    await expect(promise).rejects.toMatchObject({
      isUserError: true,
      message: expect.stringMatching(/no Rust toolchain with the thumbv6m-none-eabi target .*: run "rustup target add thumbv6m-none-eabi"$/),
    });
  });

  it('says what to install when there is no Rust at all', async () => {
    await expect(selectRustToolchain({ env: { PATH: '/nonexistent', RUSTC: '/nonexistent/rustc' } })).rejects.toThrow(
      /^cargo\/rustc not found \(\/nonexistent\/rustc: not found\): install Rust from https:\/\/rustup\.rs/,
    );
  });

  it('reads the host triple', async () => {
    expect(await hostTriple(await selectRustToolchain({ env }))).toMatch(/^[a-z0-9_]+-[a-z0-9_]+-[a-z0-9_-]+$/);
  });
});

describe('selectTinygo', () => {
  it('says what to install when tinygo is missing', async () => {
    await expect(selectTinygo({ env: { PATH: '/nonexistent' } })).rejects.toThrow(/^tinygo not found: install TinyGo/);
  });
});
