import { hostParTarget, RUST_TRIPLE_TO_PAR_TARGET, rustTripleToParTarget, validateParTarget } from './targets';
import { InvalidTargetError } from './errors';

describe('rustTripleToParTarget', () => {
  it.each([
    // ARCH_LOOKUP of provider.mk (wasmCloud/project-templates provider/factorial/provider.mk)
    ['x86_64-unknown-linux-gnu', 'x86_64-linux'],
    ['x86_64-apple-darwin', 'x86_64-macos'],
    ['armv7-unknown-linux-gnueabihf', 'arm-linux'],
    ['aarch64-unknown-linux-gnu', 'aarch64-linux'],
    ['aarch64-apple-darwin', 'aarch64-macos'],
    ['x86_64-pc-windows-gnu', 'x86_64-windows'],
  ])('%s -> %s', (triple, target) => {
    expect(rustTripleToParTarget(triple)).toBe(target);
  });

  it('maps every triple in the table to a name validateParTarget accepts', () => {
    for (const target of Object.values(RUST_TRIPLE_TO_PAR_TARGET)) expect(validateParTarget(target)).toBe(target);
  });

  it('refuses unknown triples, asking for an explicit target', () => {
    expect(() => rustTripleToParTarget('mips-unknown-linux-gnu')).toThrow(/unknown Rust target triple 'mips-unknown-linux-gnu'.*explicitly/);
  });
});

describe('validateParTarget', () => {
  it('accepts Rust ARCH-OS names', () => {
    for (const t of ['x86_64-linux', 'aarch64-macos', 'arm-linux', 'x86_64-windows', 'riscv64-linux']) expect(validateParTarget(t)).toBe(t);
  });

  it.each([
    ['x86_64-darwin', "use 'x86_64-macos'"],
    ['aarch64-darwin', "use 'aarch64-macos'"],
    ['amd64-linux', "use 'x86_64-linux'"],
    ['arm64-darwin', "use 'aarch64-macos'"],
    ['armv7-linux', "use 'arm-linux'"],
    ['x86_64-apple-darwin', "use 'x86_64-macos'"],
  ])('refuses %s with the name hosts look for', (bad, hint) => {
    expect(() => validateParTarget(bad)).toThrow(InvalidTargetError);
    expect(() => validateParTarget(bad)).toThrow(hint);
  });

  it.each(['', 'linux', 'X86_64-Linux', '../x-linux', 'a/b-linux', 'x86_64-linux.bin', 'x86_64-unknown-linux'])('refuses malformed %p', (bad) => {
    expect(() => validateParTarget(bad)).toThrow(InvalidTargetError);
  });
});

describe('hostParTarget', () => {
  it('maps Node platform names to Rust constants', () => {
    expect(hostParTarget('x64', 'linux')).toBe('x86_64-linux');
    expect(hostParTarget('arm64', 'darwin')).toBe('aarch64-macos');
    expect(hostParTarget('x64', 'win32')).toBe('x86_64-windows');
    expect(hostParTarget('arm', 'linux')).toBe('arm-linux');
  });

  it('knows this machine', () => {
    expect(validateParTarget(hostParTarget())).toBe(hostParTarget());
  });

  it('refuses platforms it cannot name', () => {
    expect(() => hostParTarget('mips', 'linux')).toThrow(InvalidTargetError);
  });
});
