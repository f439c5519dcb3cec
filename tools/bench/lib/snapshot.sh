# Sourced by the benchmarks that load the built packages (host-invoke.sh, lattice-call.sh,
# lattice-memory.sh, oci-push.sh), after they set ROOT and built what they need.
#
#   snapshot_packages VAR NAME PKG...
#
# copies each PKG's dist/ and package.json into a temporary node_modules (removed when the shell
# exits), so a rebuild of dist/ running meanwhile cannot pull them away mid-run, and exports VAR as
# its @nx-wasmcloud folder. SNAP is the snapshot's root. Their dependencies resolve from the
# workspace (NODE_PATH, set by the caller); ESM import() ignores NODE_PATH, so the lazily imported
# jose is linked beside the snapshot.
snapshot_packages() {
  local var="$1" name="$2" pkg
  shift 2
  SNAP="$(mktemp -d "${TMPDIR:-/tmp}/nx-wasmcloud-$name.XXXXXX")"
  trap 'rm -rf "$SNAP"' EXIT
  for pkg in "$@"; do
    mkdir -p "$SNAP/node_modules/@nx-wasmcloud/$pkg"
    cp -r "$ROOT/packages/$pkg/dist" "$ROOT/packages/$pkg/package.json" "$SNAP/node_modules/@nx-wasmcloud/$pkg/"
  done
  ln -s "$ROOT/node_modules/jose" "$SNAP/node_modules/jose"
  export "$var=$SNAP/node_modules/@nx-wasmcloud"
}
