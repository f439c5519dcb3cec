#!/usr/bin/env bash
# Installs the Debian packages nx-wasmcloud needs to build and test, and makes a
# wasm32-capable Rust toolchain reachable. Idempotent; fast (< 2 s) when all is present.
#
#   docker-registry          the Distribution registry (same code as registry:2), for push/pull tests
#   skopeo                   an independent OCI client, to check what we push
#   rustc cargo libstd-rust-dev-wasm32   Debian's Rust with the wasm32 standard library
#   lld-14                   the linker behind /usr/bin/rust-lld, which rustc uses for wasm32
#                            (libstd-rust-dev-wasm32 only recommends it, and --no-install-recommends skips it)
#   wabt                     wat2wasm, to build small wasm fixtures inside the tests
#   chromium                 a real browser for the dashboard tests, driven by playwright-core (no browser download)
#   nats-server              the NATS server (JetStream) the lattice tests and `nx-wasmcloud up` start on loopback
#
# A rustup-managed cargo first on PATH usually has no wasm32 target and (offline) cannot get
# one. Debian's rustc ships it, so this script links it as the rustup toolchain `system`:
#   cargo +system build --target wasm32-unknown-unknown
# or, without rustup:  RUSTC=/usr/bin/rustc /usr/bin/cargo build --target wasm32-unknown-unknown
# The plugin's build executor finds that toolchain by itself (see packages/plugin README).
set -euo pipefail

packages=(docker-registry skopeo rustc cargo libstd-rust-dev-wasm32 lld-14 wabt nats-server chromium)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]})); then
  cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "ensure-system-deps: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    # policy-rc.d keeps the docker-registry package from starting a system registry on :5000;
    # the tests and the demo start their own on free loopback ports.
    policy=/usr/sbin/policy-rc.d
    created_policy=0
    if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=1; fi
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    ((created_policy)) && rm -f "$policy"
  else
    echo "ensure-system-deps: missing Debian packages: ${missing[*]}" >&2
    echo "ensure-system-deps: run as root:  $cmd" >&2
    exit 1
  fi
fi

# The registry binary: Debian names it docker-registry; some distributions call it registry.
if ! command -v docker-registry >/dev/null && ! command -v registry >/dev/null; then
  echo "ensure-system-deps: docker-registry is installed but not on PATH (expected /usr/bin/docker-registry)" >&2
  exit 1
fi

# Debian's wasm32 standard library must be where Debian's rustc looks for it.
sysroot=$(/usr/bin/rustc --print sysroot)
if [[ ! -d "$sysroot/lib/rustlib/wasm32-unknown-unknown" ]]; then
  echo "ensure-system-deps: $sysroot/lib/rustlib/wasm32-unknown-unknown is missing; reinstall libstd-rust-dev-wasm32" >&2
  exit 1
fi
if [[ ! -x "$(readlink -f /usr/bin/rust-lld 2>/dev/null)" ]]; then
  echo "ensure-system-deps: /usr/bin/rust-lld does not lead to a linker; reinstall lld-14" >&2
  exit 1
fi

# Link Debian's toolchain into rustup as `system`, so `cargo +system` works too.
if command -v rustup >/dev/null && ! rustup toolchain list 2>/dev/null | grep -q '^system'; then
  rustup toolchain link system /usr >/dev/null 2>&1 || true
fi
exit 0
