# Real cargo scenarios on an inherited target dir: build generation 1, pack it
# into a read-only output owned by root in a (test) store, unpack it as an
# unprivileged user, and run cargo again as that user with the rustc shim.
# Usage: scenarios.sh SCENARIO [TOOLCHAIN]   (TOOLCHAIN: stable or debian)
# Scenarios that rewrite an inherited file also run without the shim and
# with a link-everything policy, and must fail there.
source "$(dirname "$0")/../lib/common.sh"
SCENARIO=${1:?scenario name}
TOOLCHAIN=${2:-stable}
TEST_NAME="$SCENARIO-$TOOLCHAIN"
: "${HEIRLOOM_SHIM:?HEIRLOOM_SHIM must name the rustc shim}"
need setpriv util-linux
USER_NAME=nobody

# --- toolchains an unprivileged user can run ------------------------------
case "$TOOLCHAIN" in
  stable)
    # /root is 0700: mirror the rustup toolchain as hard links (a copy when
    # /opt is on another file system) under a world-readable path, once.
    src=$(ls -d /root/.rustup/toolchains/stable-* 2>/dev/null | head -1)
    [ -n "$src" ] || fail "no rustup stable toolchain under /root/.rustup: install one, or run the 'debian' toolchain scenarios"
    TC=/opt/heirloom-test/$(basename "$src")
    if [ ! -f "$TC/.complete" ]; then
      mkdir -p /opt/heirloom-test && chmod 755 /opt/heirloom-test
      rm -rf "$TC"
      cp -al "$src" "$TC" 2>/dev/null || cp -a "$src" "$TC"
      chmod -R a+rX "$TC"
      touch "$TC/.complete"
    fi
    TC_BIN=$TC/bin ;;
  debian)
    [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ] || fail "Debian's toolchain is missing: apt-get install cargo rustc"
    TC_BIN=/usr/bin ;;
  *) fail "unknown toolchain $TOOLCHAIN" ;;
esac
REAL_RUSTC=$TC_BIN/rustc
# The shim must be runnable by the user too (the build tree may be under /root).
SHIM_DIR=$SCRATCH/shim
mkdir -p "$SHIM_DIR"
cp "$HEIRLOOM_SHIM" "$SHIM_DIR/rustc"
ln -s rustc "$SHIM_DIR/rustc-wrapper"
cp "$HEIRLOOM" "$SHIM_DIR/heirloom"
chmod 755 "$SHIM_DIR" "$SHIM_DIR/rustc" "$SHIM_DIR/heirloom"
HEIRLOOM_USER_BIN=$SHIM_DIR/heirloom

# --- the workspace, owned by the user -------------------------------------
W=$SCRATCH/w
mkdir -p "$W" "$SCRATCH/home/.cargo"
cp -a "$SOURCE_ROOT/tests/cargo/workspace" "$SOURCE_ROOT/tests/cargo/crates" "$W/"
cat > "$SCRATCH/home/.cargo/config.toml" <<CFG
[source.crates-io]
replace-with = "debian"
[source.debian]
directory = "/usr/share/cargo/registry"
[net]
offline = true
CFG
chown -R "$USER_NAME" "$W" "$SCRATCH/home"
chmod 755 "$SCRATCH" "$STORE"
WS=$W/workspace
FEATURES=""

as_user() {
  setpriv --reuid="$USER_NAME" --regid=nogroup --clear-groups \
    env -i PATH="$TC_BIN:/usr/bin:/bin" HOME="$SCRATCH/home" CARGO_HOME="$SCRATCH/home/.cargo" \
    CARGO_TERM_COLOR=never CARGO_INCREMENTAL=0 HEIRLOOM_STORE_DIR="$STORE" "${EXTRA_ENV[@]}" "$@"
}
EXTRA_ENV=()

# cargo LABEL SHIM(yes|no) ARGS...: runs cargo in the workspace as the user.
# Leaves $SCRATCH/LABEL.json (messages), LABEL.err, LABEL.report; returns cargo's status.
cargo_run() {
  local label=$1 shim=$2; shift 2
  local rustc=$REAL_RUSTC
  [ "$shim" == yes ] && rustc=$SHIM_DIR/rustc
  local st=0
  (cd "$WS" && as_user RUSTC="$rustc" HEIRLOOM_RUSTC="$REAL_RUSTC" "$TC_BIN/cargo" "$@" $FEATURES \
      --message-format json > "$SCRATCH/$label.json" 2> "$SCRATCH/$label.err") || st=$?
  python3 "$SOURCE_ROOT/tests/cargo/cargo_report.py" "$SCRATCH/$label.json" > "$SCRATCH/$label.report"
  return $st
}

expect_cargo_ok() { cargo_run "$@" || fail "cargo $1 failed: $(grep -E 'error|warning: output' "$SCRATCH/$1.err" | head -5; grep -o '"rendered":"[^"]*' "$SCRATCH/$1.json" | head -3)"; }

rebuilt() { awk '$1=="rebuilt"{print $2}' "$SCRATCH/$1.report" | sort -u | tr '\n' ' '; }

# Packs the workspace's target into a sealed store output and unpacks it back
# as the user. pack_and_inherit OUTNAME [PREV] [unpack options...]
pack_and_inherit() {
  local name=$1 prev=${2:-}; shift 2 || shift $#
  local out; out=$(store_path "$name")
  hl pack --quiet --target "$WS/target" --out "$out" ${prev:+--prev "$prev"}
  seal "$out"
  rm -rf "$WS/target"
  as_user "$HEIRLOOM_USER_BIN" unpack --quiet --store-dir "$STORE" --from "$out" --target "$WS/target" "$@"
  echo "$out"
}

# Runs generation 2 three ways from the same generation-1 output: with the
# shim (must pass), without it and with every file linked (each must fail).
# inherit_three_ways LABEL CARGO-ARGS...
inherit_three_ways() {
  local label=$1; shift
  local out; out=$(ls -d "$STORE"/*-gen1)
  rm -rf "$WS/target"
  as_user "$HEIRLOOM_USER_BIN" unpack --quiet --store-dir "$STORE" --from "$out" --target "$WS/target"
  cargo_run "$label-noshim" no "$@" && fail "$label: succeeded without the shim; the scenario does not exercise it"
  rm -rf "$WS/target"
  as_user "$HEIRLOOM_USER_BIN" unpack --quiet --store-dir "$STORE" --from "$out" --target "$WS/target" --link '*'
  cargo_run "$label-linkall" yes "$@" && fail "$label: succeeded with every file linked; the policy is not exercised"
  rm -rf "$WS/target"
  as_user "$HEIRLOOM_USER_BIN" unpack --quiet --store-dir "$STORE" --from "$out" --target "$WS/target"
  expect_cargo_ok "$label" yes "$@"
  note "$label: without shim: $(grep -m1 -oE 'not writeable|Permission denied|failed to [a-z]+' "$SCRATCH/$label-noshim.err" "$SCRATCH/$label-noshim.json" | head -1 | sed 's/.*://'); linked everything: $(grep -m1 -ohE 'not writeable|Permission denied|failed to [a-z]+' "$SCRATCH/$label-linkall.err" "$SCRATCH/$label-linkall.json" | head -1)"
}

run_app() { as_user "$WS/target/release/app"; }

gen1() {
  expect_cargo_ok gen1 no build --release "$@"
  pack_and_inherit gen1 "" > /dev/null
}

case "$SCENARIO" in
  fresh)
    gen1
    expect_cargo_ok gen2 yes build --release
    [ -z "$(rebuilt gen2)" ] || fail "nothing changed, yet rebuilt: $(rebuilt gen2)"
    n=$(grep -c '^fresh' "$SCRATCH/gen2.report")
    [ "$n" -gt 10 ] || fail "too few units reported fresh ($n)"
    expect_eq "$(run_app)" '{"sum":5,"flaky":"off","env":"unset","name":"macros-v1"}' "app output" ;;
  workspace-edit)
    gen1
    sed -i 's/sum: csys::add(2, 3)/sum: csys::add(2, 4)/' "$WS/app/src/main.rs"
    expect_cargo_ok gen2 yes build --release
    expect_eq "$(rebuilt gen2)" "app " "units rebuilt after a workspace edit"
    expect_contains <(run_app) '"sum":6' "app output after edit" ;;
  build-script-rerun)
    FEATURES="--features flaky"
    gen1
    inherit_three_ways gen2 build --release
    rebuilt gen2 | grep -qw flaky || fail "flaky was not rebuilt: $(rebuilt gen2)"
    expect_contains <(run_app) '"flaky":"flaky"' "app output" ;;
  env-change)
    gen1
    EXTRA_ENV=(HEIRLOOM_TEST_ENV=changed)
    inherit_three_ways gen2 build --release
    rebuilt gen2 | grep -qw envdep || fail "envdep was not rebuilt: $(rebuilt gen2)"
    expect_contains <(run_app) '"env":"changed"' "app output" ;;
  add-dependency)
    gen1
    sed -i 's/^serde_json = .*/&\nanyhow = "=1.0.69"/' "$WS/app/Cargo.toml"
    sed -i 's/^fn main() {/fn main() {\n    let _: anyhow::Result<()> = Ok(());/' "$WS/app/src/main.rs"
    expect_cargo_ok gen2 yes build --release
    r=$(rebuilt gen2)
    echo "$r" | grep -qw anyhow || fail "anyhow was not built: $r"
    echo "$r" | grep -qw serde && fail "serde was rebuilt after adding an unrelated dependency: $r"
    [ -n "$(find "$WS/target/release/deps" -name 'libserde-*.rlib' -type l)" ] || fail "serde's rlib is no longer linked"
    run_app > /dev/null ;;
  rustflags)
    gen1
    # cargo puts RUSTFLAGS into the units' metadata hashes: every unit gets
    # new file names next to the inherited ones, which stay linked.
    EXTRA_ENV=(RUSTFLAGS="-C debug-assertions=on")
    expect_cargo_ok gen2 yes build --release
    n_re=$(grep -c '^rebuilt' "$SCRATCH/gen2.report"); n_fr=$(grep -c '^fresh' "$SCRATCH/gen2.report" || true)
    [ "$n_fr" == 0 ] || fail "RUSTFLAGS changed but $n_fr units stayed fresh"
    note "rebuilt $n_re units"
    run_app > /dev/null ;;
  three-generations)
    gen1
    out1=$(ls -d "$STORE"/*-gen1)
    expect_cargo_ok gen2 yes test --release --no-run
    out2=$(pack_and_inherit gen2 "$out1")
    expect_cargo_ok gen3 yes build --release
    [ -z "$(rebuilt gen3)" ] || fail "generation 3 rebuilt: $(rebuilt gen3)"
    expect_cargo_ok gen3-test yes test --release --no-run
    [ -z "$(rebuilt gen3-test)" ] || fail "generation 3 tests rebuilt: $(rebuilt gen3-test)"
    n1=$(find "$WS/target" -type l -printf '%l\n' | grep -c "^$out1/" || true)
    n2=$(find "$WS/target" -type l -printf '%l\n' | grep -c "^$out2/" || true)
    [ "$n1" -gt 10 ] && [ "$n2" -gt 0 ] || fail "links not flattened (to gen1: $n1, to gen2: $n2)"
    find "$out2/target" -name 'libserde-*' | grep -q . && fail "generation 2 stored serde again"
    grep -qF "$out1" "$out2/references" || fail "gen2 does not reference gen1"
    run_app > /dev/null ;;
  sccache)
    need sccache sccache
    FEATURES="--features flaky"
    # A server of its own, with a cache of its own: another user's server on
    # the default port would write our outputs with its own permissions.
    # fresh_sccache NAME: stops the running server; the next cargo starts one
    # on an empty cache.
    fresh_sccache() {
      [ ${#EXTRA_ENV[@]} -gt 0 ] && { as_user /usr/bin/sccache --stop-server > /dev/null 2>&1 || true; }
      mkdir -p "$SCRATCH/$1" && chown "$USER_NAME" "$SCRATCH/$1"
      EXTRA_ENV=(RUSTC_WRAPPER=/usr/bin/sccache SCCACHE_DIR="$SCRATCH/$1" SCCACHE_IDLE_TIMEOUT=0
                 SCCACHE_SERVER_PORT=$((20000 + RANDOM % 20000)))
    }
    compile_requests() { as_user /usr/bin/sccache --show-stats 2>&1 | awk '$1 == "Compile" && $2 == "requests" && NF == 3 {print $3}'; }
    reinherit() {
      rm -rf "$WS/target"
      as_user "$HEIRLOOM_USER_BIN" unpack --quiet --store-dir "$STORE" --from "$(ls -d "$STORE"/*-gen1)" --target "$WS/target"
    }
    fresh_sccache sccache-gen1
    gen1
    # 1. sccache around the shim (RUSTC=shim). sccache's cache is warm from
    # generation 1, and a hit replaces the outputs: this would pass without
    # the shim; it proves the two coexist.
    expect_cargo_ok gen2 yes build --release
    rebuilt gen2 | grep -qw flaky || fail "flaky was not rebuilt under sccache"
    expect_contains <(run_app) '"flaky":"flaky"' "app output under sccache"
    n=$(compile_requests)
    [ "${n:-0}" -gt 0 ] || fail "sccache saw no compile requests: $(as_user /usr/bin/sccache --show-stats 2>&1)"
    # 2. On an empty cache sccache runs rustc on the inherited outputs, and
    # alone (RUSTC the real rustc) it fails ...
    fresh_sccache sccache-cold
    reinherit
    cargo_run gen2-sccache-only no build --release && fail "sccache alone on an empty cache passed: the chain below would prove nothing"
    grep -q 'not writeable' "$SCRATCH/gen2-sccache-only.json" || fail "sccache alone failed otherwise: $(grep -m3 error "$SCRATCH/gen2-sccache-only.err")"
    # ... while heirloom's wrapper in front of it (RUSTC_WRAPPER=rustc-wrapper,
    # HEIRLOOM_RUSTC_WRAPPER_NEXT=sccache, found on PATH), as the Nix hooks
    # set it up, unlinks first and passes.
    fresh_sccache sccache-chained
    reinherit
    EXTRA_ENV+=(RUSTC_WRAPPER="$SHIM_DIR/rustc-wrapper" HEIRLOOM_RUSTC_WRAPPER_NEXT=sccache)
    expect_cargo_ok gen2-chained no build --release
    rebuilt gen2-chained | grep -qw flaky || fail "flaky was not rebuilt through rustc-wrapper and sccache"
    grep -q 'heirloom-rustc' "$SCRATCH/gen2-chained.err" && fail "the wrapper complained: $(grep -m3 heirloom-rustc "$SCRATCH/gen2-chained.err")"
    expect_contains <(run_app) '"flaky":"flaky"' "app output through rustc-wrapper and sccache"
    n2=$(compile_requests)
    as_user /usr/bin/sccache --stop-server > /dev/null 2>&1 || true
    [ "${n2:-0}" -gt 0 ] || fail "sccache saw no compile requests behind rustc-wrapper"
    note "sccache compile requests: $n around the shim, $n2 behind rustc-wrapper (empty cache; alone it fails: not writeable)" ;;
  clippy)
    [ -x "$TC_BIN/clippy-driver" ] || fail "this toolchain has no clippy-driver: rustup component add clippy"
    expect_cargo_ok gen1-build no build --release
    expect_cargo_ok gen1 no clippy --release
    pack_and_inherit gen1 "" > /dev/null
    sed -i 's/sum: csys::add(2, 3)/sum: csys::add(3, 3)/' "$WS/app/src/main.rs"
    # clippy-driver checks workspace members in-process and drops RUSTC, so
    # only RUSTC_WRAPPER sees those invocations: without the wrapper mode
    # clippy fails on app's inherited .rmeta.
    cargo_run gen2-nowrapper yes clippy --release && fail "clippy succeeded without the wrapper"
    grep -q 'not writeable' "$SCRATCH/gen2-nowrapper.json" || fail "clippy without the wrapper failed otherwise"
    rm -rf "$WS/target"
    as_user "$HEIRLOOM_USER_BIN" unpack --quiet --store-dir "$STORE" --from "$(ls -d "$STORE"/*-gen1)" --target "$WS/target"
    EXTRA_ENV=(RUSTC_WRAPPER="$SHIM_DIR/rustc-wrapper")
    expect_cargo_ok gen2 yes clippy --release
    rebuilt gen2 | grep -qw app || fail "clippy did not recheck app: $(rebuilt gen2)" ;;
  *) fail "unknown scenario $SCENARIO" ;;
esac
note "ok"
