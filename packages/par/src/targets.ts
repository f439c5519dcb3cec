import { InvalidTargetError } from './errors';

/**
 * Rust target triple -> PAR target name (`<ARCH>-<OS>`, Rust's `std::env::consts` values, which is
 * what hosts look up: `format!("{}-{}", ARCH, OS)`). The single table shared by `par create`, the
 * plugin's build executor and `hostParTarget`. armv7 maps to `arm-linux` because ARCH is `arm` on
 * those hosts (provider.mk's ARCH_LOOKUP agrees; its sed fallback's `armv7-linux` is never selected).
 */
export const RUST_TRIPLE_TO_PAR_TARGET: Readonly<Record<string, string>> = Object.freeze({
  'x86_64-unknown-linux-gnu': 'x86_64-linux',
  'x86_64-unknown-linux-musl': 'x86_64-linux',
  'aarch64-unknown-linux-gnu': 'aarch64-linux',
  'aarch64-unknown-linux-musl': 'aarch64-linux',
  'armv7-unknown-linux-gnueabihf': 'arm-linux',
  'armv7-unknown-linux-musleabihf': 'arm-linux',
  'arm-unknown-linux-gnueabihf': 'arm-linux',
  'arm-unknown-linux-musleabihf': 'arm-linux',
  'i686-unknown-linux-gnu': 'x86-linux',
  'riscv64gc-unknown-linux-gnu': 'riscv64-linux',
  's390x-unknown-linux-gnu': 's390x-linux',
  'powerpc64le-unknown-linux-gnu': 'powerpc64-linux',
  'x86_64-apple-darwin': 'x86_64-macos',
  'aarch64-apple-darwin': 'aarch64-macos',
  'x86_64-pc-windows-gnu': 'x86_64-windows',
  'x86_64-pc-windows-msvc': 'x86_64-windows',
  'aarch64-pc-windows-msvc': 'aarch64-windows',
  'i686-pc-windows-msvc': 'x86-windows',
  'x86_64-unknown-freebsd': 'x86_64-freebsd',
  'x86_64-unknown-netbsd': 'x86_64-netbsd',
  'aarch64-linux-android': 'aarch64-android',
});

/** Node's process.arch / process.platform -> Rust's ARCH / OS constants. */
const NODE_ARCH_TO_RUST: Readonly<Record<string, string>> = {
  x64: 'x86_64',
  arm64: 'aarch64',
  arm: 'arm',
  ia32: 'x86',
  riscv64: 'riscv64',
  s390x: 's390x',
  ppc64: 'powerpc64',
  loong64: 'loongarch64',
};
const NODE_PLATFORM_TO_RUST: Readonly<Record<string, string>> = {
  linux: 'linux',
  darwin: 'macos',
  win32: 'windows',
  freebsd: 'freebsd',
  openbsd: 'openbsd',
  netbsd: 'netbsd',
  sunos: 'solaris',
  android: 'android',
  aix: 'aix',
};

/** Architecture spellings from other ecosystems, with the Rust constant hosts use. */
const ARCH_HINTS: Readonly<Record<string, string>> = {
  amd64: 'x86_64',
  x64: 'x86_64',
  arm64: 'aarch64',
  armv7: 'arm',
  armv7l: 'arm',
  armv6: 'arm',
  armhf: 'arm',
  i386: 'x86',
  i686: 'x86',
  ia32: 'x86',
  ppc64le: 'powerpc64',
};
const OS_HINTS: Readonly<Record<string, string>> = {
  darwin: 'macos',
  osx: 'macos',
  mac: 'macos',
  win32: 'windows',
  win: 'windows',
  win64: 'windows',
};

const TARGET_RE = /^[a-z0-9_]+-[a-z0-9_]+$/;

/** Maps a Rust target triple to its PAR target name; throws for triples not in the table. */
export function rustTripleToParTarget(triple: string): string {
  const target = RUST_TRIPLE_TO_PAR_TARGET[triple];
  if (target === undefined) {
    throw new InvalidTargetError(
      `unknown Rust target triple '${triple}': pass the PAR target (<arch>-<os> with Rust's ARCH and OS names, e.g. x86_64-linux) explicitly`,
    );
  }
  return target;
}

/** The PAR target a host on this machine would load (Rust's `ARCH-OS`). */
export function hostParTarget(arch: string = process.arch, platform: string = process.platform): string {
  const a = NODE_ARCH_TO_RUST[arch];
  const o = NODE_PLATFORM_TO_RUST[platform];
  if (a === undefined || o === undefined) {
    throw new InvalidTargetError(`no PAR target is known for this host (${arch}/${platform}): pass --arch explicitly`);
  }
  return `${a}-${o}`;
}

/**
 * Checks a target name given for writing. Names hosts would never select are refused with the
 * spelling they would select, so a PAR cannot silently miss its platform.
 */
export function validateParTarget(target: string): string {
  if (Object.prototype.hasOwnProperty.call(RUST_TRIPLE_TO_PAR_TARGET, target)) {
    throw new InvalidTargetError(`'${target}' is a Rust target triple, not a PAR target: use '${RUST_TRIPLE_TO_PAR_TARGET[target]}'`);
  }
  if (!TARGET_RE.test(target)) {
    throw new InvalidTargetError(
      `invalid PAR target '${target}': expected <arch>-<os> in lowercase with Rust's ARCH and OS names, e.g. x86_64-linux or aarch64-macos`,
    );
  }
  const [arch, os] = target.split('-');
  const archHint = ARCH_HINTS[arch];
  const osHint = OS_HINTS[os];
  if (archHint !== undefined || osHint !== undefined) {
    const suggestion = `${archHint ?? arch}-${osHint ?? os}`;
    throw new InvalidTargetError(`invalid PAR target '${target}': hosts look for Rust's ARCH-OS names, use '${suggestion}'`);
  }
  return target;
}
