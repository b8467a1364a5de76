#!/usr/bin/env bash
# Builds and runs FerretDB v1.24.2 (SQLite handler): the embedded default database and the one tests run on.
# No MongoDB can be installed on our machines and FerretDB ships no binary we can fetch, so we build it from
# the Go module source. `go install ...@v1.24.2` is not enough: the module lacks build/version/version.txt
# and that binary panics at start, so we build from a writable copy with version.txt written in.
# Upstream 1.24.2 also has two defects we rely on being fixed (ferretdb/ferretdb-v1.24.2.patch, applied here):
# lost updates under concurrent update/findAndModify/delete (FerretDB issue 3040), and `_id` lookups that
# never use the `_id` index. The binary is cached per patch hash, so a changed patch rebuilds.
# Usage: ferretdb.sh build | start <data-dir> <port> | path
# FERRETDB_UNPATCHED=1 selects the unpatched upstream build (for measurements only, never for tests).
set -euo pipefail
shopt -s inherit_errexit

readonly FERRETDB_VERSION=v1.24.2
readonly FERRETDB_MODULE=github.com/FerretDB/FerretDB
readonly GO_REQUIRED_MSG='FerretDB must be built from source: install Go 1.24+ (https://go.dev/dl/) or set MONGODB_URI to an existing MongoDB 7+ server.'

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
readonly SCRIPT_DIR
readonly PATCH_FILE="${SCRIPT_DIR}/ferretdb/ferretdb-${FERRETDB_VERSION}.patch"
readonly CACHE_DIR="${ESTU_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME}/.cache}/estu}"

log() {
  printf 'ferretdb.sh: %s\n' "$*" >&2
}

die() {
  log "$*"
  exit 1
}

usage() {
  printf 'usage: %s build | start <data-dir> <port> | path\n' "$0" >&2
  exit 2
}

unpatched() {
  [[ "${FERRETDB_UNPATCHED:-}" == 1 ]]
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum -- "$1" | cut -d' ' -f1
  else
    shasum -a 256 -- "$1" | cut -d' ' -f1
  fi
}

# Prints the path of the cached binary for the current mode (patched or upstream).
binary_path() {
  if unpatched; then
    printf '%s/ferretdb-%s-upstream\n' "$CACHE_DIR" "$FERRETDB_VERSION"
    return
  fi
  [[ -f "$PATCH_FILE" ]] || die "patch file not found: ${PATCH_FILE}"
  local hash
  hash=$(sha256_of "$PATCH_FILE")
  printf '%s/ferretdb-%s-%s\n' "$CACHE_DIR" "$FERRETDB_VERSION" "${hash:0:12}"
}

# Prints the go command to use, or exits 1 with the one-line message if there is no Go 1.24+.
find_go() {
  local go_bin version major minor
  if command -v go >/dev/null 2>&1; then
    go_bin=$(command -v go)
  elif [[ -x /usr/local/go/bin/go ]]; then
    go_bin=/usr/local/go/bin/go
  else
    printf '%s\n' "$GO_REQUIRED_MSG" >&2
    exit 1
  fi
  # "go version go1.26.8 linux/amd64"; development toolchains ("devel ...") are accepted.
  version=$(GOTOOLCHAIN=local "$go_bin" version 2>/dev/null | awk '{print $3}') || version=''
  if [[ "$version" =~ ^go([0-9]+)\.([0-9]+) ]]; then
    major=${BASH_REMATCH[1]}
    minor=${BASH_REMATCH[2]}
    if ((major < 1 || (major == 1 && minor < 24))); then
      printf '%s\n' "$GO_REQUIRED_MSG" >&2
      exit 1
    fi
  elif [[ "$version" != devel* ]]; then
    printf '%s\n' "$GO_REQUIRED_MSG" >&2
    exit 1
  fi
  printf '%s\n' "$go_bin"
}

cmd_build() {
  local bin
  bin=$(binary_path)
  if [[ -f "$bin" && -x "$bin" ]]; then
    printf '%s\n' "$bin"
    return
  fi

  local go_bin
  go_bin=$(find_go)
  # Use exactly the local toolchain, outside any workspace, without vendoring surprises.
  export GOTOOLCHAIN=local GOWORK=off GOFLAGS=-mod=mod
  # FerretDB's SQLite driver is modernc.org/sqlite (pure Go): no cgo and no build tags needed,
  # as in upstream's production build (build/ferretdb/production.Dockerfile: CGO_ENABLED=0, no -tags).
  export CGO_ENABLED=0

  mkdir -p -- "$CACHE_DIR"
  local work
  work=$(mktemp -d "${TMPDIR:-/tmp}/estu-ferretdb-build.XXXXXX")
  # The partial binary lives in the cache dir so the final mv is an atomic rename on one file system.
  local tmp_bin="${bin}.tmp.$$"
  # shellcheck disable=SC2064 # expand now: the paths are fixed for this build
  trap "rm -rf -- '${work}' '${tmp_bin}'" EXIT

  log "building FerretDB ${FERRETDB_VERSION}$(unpatched && printf ' (UNPATCHED upstream)') into ${bin}"
  local mod_dir
  mod_dir=$(cd -- "$work" && "$go_bin" mod download -json "${FERRETDB_MODULE}@${FERRETDB_VERSION}" |
    sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p')
  [[ -n "$mod_dir" && -d "$mod_dir" ]] || die "go mod download did not give the source of ${FERRETDB_MODULE}@${FERRETDB_VERSION}"

  # The module cache is read-only: build from a writable copy.
  cp -R -- "${mod_dir}/." "${work}/src"
  chmod -R u+w -- "${work}/src"
  printf '%s\n' "$FERRETDB_VERSION" >"${work}/src/build/version/version.txt"

  if ! unpatched; then
    log "applying $(basename -- "$PATCH_FILE")"
    if command -v patch >/dev/null 2>&1; then
      patch -d "${work}/src" -p1 --forward --batch --quiet <"$PATCH_FILE" >&2
    else
      (cd -- "${work}/src" && git apply -p1 -- "$PATCH_FILE") >&2
    fi
  fi

  (cd -- "${work}/src" && "$go_bin" build -trimpath -o "$tmp_bin" ./cmd/ferretdb) >&2
  chmod +x -- "$tmp_bin"
  "$tmp_bin" --version >/dev/null || die "the built binary does not run: ${tmp_bin}"
  mv -f -- "$tmp_bin" "$bin"
  log "built ${bin}"
  printf '%s\n' "$bin"
}

cmd_start() {
  [[ $# -eq 2 ]] || usage
  local data_dir=$1 port=$2
  if [[ ! "$port" =~ ^[1-9][0-9]{0,4}$ ]] || ((port > 65535)); then
    die "invalid port: ${port}"
  fi
  # The SQLite handler takes the directory as a file: URI.
  [[ "$data_dir" != *[?#%]* ]] || die "data directory must not contain '?', '#' or '%': ${data_dir}"

  mkdir -p -- "$data_dir"
  data_dir=$(cd -- "$data_dir" && pwd -P)

  local bin
  bin=$(cmd_build)

  # The process that started FerretDB may die without stopping it (SIGKILL, a crash). Left running, FerretDB
  # would hold the data folder, a later start would take it for one another Estu shares, and it would die
  # at its next log line into the dead process's pipe. So a watchdog stops it within a second of its
  # starter. FerretDB takes this script's pid (exec), so a stop and a SIGKILL reach it directly.
  local starter=$PPID
  (
    while kill -0 "$$" 2>/dev/null && kill -0 "$starter" 2>/dev/null; do sleep 1; done
    if ! kill -0 "$starter" 2>/dev/null; then kill -TERM "$$" 2>/dev/null || true; fi
  ) </dev/null >/dev/null 2>&1 &

  # --debug-addr=- disables the metrics/pprof HTTP listener so parallel instances never collide on its port;
  # --state-dir keeps state.json beside the data instead of in the working directory.
  exec "$bin" \
    --handler=sqlite \
    --sqlite-url="file:${data_dir}/" \
    --state-dir="$data_dir" \
    --listen-addr="127.0.0.1:${port}" \
    --debug-addr=- \
    --telemetry=disable \
    --log-level=warn
}

cmd_path() {
  local bin
  bin=$(binary_path)
  if [[ -f "$bin" && -x "$bin" ]]; then
    printf '%s\n' "$bin"
  else
    exit 1
  fi
}

main() {
  [[ $# -ge 1 ]] || usage
  local cmd=$1
  shift
  case "$cmd" in
    build)
      [[ $# -eq 0 ]] || usage
      cmd_build
      ;;
    start) cmd_start "$@" ;;
    path)
      [[ $# -eq 0 ]] || usage
      cmd_path
      ;;
    *) usage ;;
  esac
}

main "$@"
