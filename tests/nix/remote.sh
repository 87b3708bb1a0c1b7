# 18. A remote builder over OpenSSH on 127.0.0.1: the test's own sshd (a
# host key and a client key made here, port chosen here), whose one
# authorized key runs `nix-daemon --stdio` on a second, empty store
# (local?root=…, builds sandboxed: a chroot store builds only in a sandbox,
# with the host's /usr /lib /lib64 /bin, where the stand-in pkgs' tools
# live). The deps derivation of tests/nix/layouts.nix (layout "chain") is
# built there through `--builders ssh-ng://…` with --max-jobs 0 (no local
# build possible), copied back, then the package is built here inheriting
# it: from cargo's JSON messages it compiles only the workspace crates, and
# the binary runs. The salt is new in every run (a deps output already in
# the store would not be built anywhere). The server is stopped and the keys
# removed at exit.
source "$(dirname "$0")/lib.sh"
NIXFILE=$SOURCE_ROOT/tests/nix/layouts.nix
[ -x /usr/sbin/sshd ] || fail "no OpenSSH server: apt-get install openssh-server"
need ssh "openssh-client"
need ssh-keygen "openssh-client"

SSHDIR=$SCRATCH/ssh
BSTORE=$SCRATCH/builder
mkdir -p "$SSHDIR" "$BSTORE"
chmod 700 "$SSHDIR"
SSHD_PID=""
stop_sshd() {
  if [ -n "$SSHD_PID" ]; then
    kill "$SSHD_PID" 2>/dev/null || true
    wait "$SSHD_PID" 2>/dev/null || true
  fi
  rm -rf "$SSHDIR"
  cleanup
}
trap stop_sshd EXIT

ssh-keygen -q -t ed25519 -N "" -f "$SSHDIR/host_key" -C heirloom-test-host
ssh-keygen -q -t ed25519 -N "" -f "$SSHDIR/client_key" -C heirloom-test-client
# The builder's settings, read by the nix-daemon the key runs.
cat > "$SSHDIR/builder.conf" <<CONF
store = local?root=$BSTORE
sandbox = true
extra-sandbox-paths = /usr /lib /lib64 /bin /etc/alternatives
CONF
printf 'restrict,command="NIX_USER_CONF_FILES=%s exec nix-daemon --stdio" %s\n' \
  "$SSHDIR/builder.conf" "$(cat "$SSHDIR/client_key.pub")" > "$SSHDIR/authorized_keys"

# A free port on 127.0.0.1.
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$SSHDIR/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $PORT
HostKey $SSHDIR/host_key
AuthorizedKeysFile $SSHDIR/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PidFile none
CONF
# (sshd's privilege separation directory, made by its service otherwise)
mkdir -p /run/sshd
/usr/sbin/sshd -D -e -f "$SSHDIR/sshd_config" 2> "$SCRATCH/sshd.log" &
SSHD_PID=$!
for _ in $(seq 50); do
  (exec 3<> "/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  kill -0 "$SSHD_PID" 2>/dev/null || fail "sshd did not start: $(tail -3 "$SCRATCH/sshd.log")"
  sleep 0.1
done
printf '[127.0.0.1]:%s %s\n' "$PORT" "$(cut -d' ' -f1,2 "$SSHDIR/host_key.pub")" > "$SSHDIR/known_hosts"
export NIX_SSHOPTS="-p $PORT -o UserKnownHostsFile=$SSHDIR/known_hosts -o StrictHostKeyChecking=yes -o BatchMode=yes"

nbargs=(--arg heirloomPrefix "$HEIRLOOM_PREFIX" --argstr registry "$REGISTRY" --argstr layout chain --argstr salt "remote-$(date +%s%N)$SALT")
# The vendor dir (a few crates copied out of Debian's registry) is built
# here first: the builder then gets it, not the 95 MB registry it comes from.
nix-build "$NIXFILE" -A cargoVendorDir --out-link "$ROOTS/vendor" "${nbargs[@]}" > /dev/null 2> "$SCRATCH/vendor.log" \
  || { tail -n 20 "$SCRATCH/vendor.log" >&2; fail "the vendor dir did not build"; }
# NB: the build hook runs ssh in the process that drives the build: that is
# this one with a local store (root), not the daemon (which has neither
# NIX_SSHOPTS nor this port). The store is the daemon's, as always.
deps=$(NIX_REMOTE=local nix-build "$NIXFILE" -A deps --out-link "$ROOTS/deps" "${nbargs[@]}" --max-jobs 0 \
  --builders "ssh-ng://root@127.0.0.1 $(nix-instantiate --eval -E builtins.currentSystem | tr -d '"') $SSHDIR/client_key 1 1" \
  --option builders-use-substitutes false 2> "$SCRATCH/deps.log") \
  || { tail -n 30 "$SCRATCH/deps.log" >&2; fail "the deps derivation did not build on the remote builder"; }
[ -f "$BSTORE$deps/heirloom.json" ] || fail "the deps output $deps is not in the builder's store: it was not built there"
nix-store --store "local?root=$BSTORE" --check-validity "$deps" || fail "$deps is not valid in the builder's store"
expect_links_resolve "$deps"
grep -q "building '.*-deps-0.1.0.drv' on 'ssh-ng://root@127.0.0.1'" "$SCRATCH/deps.log" \
  || fail "nix-build did not say it built the deps on the builder: $(grep building "$SCRATCH/deps.log" | head -3)"

pkg=$(nix-build "$NIXFILE" -A package --out-link "$ROOTS/package" "${nbargs[@]}" 2> "$SCRATCH/package.log") \
  || { tail -n 30 "$SCRATCH/package.log" >&2; fail "the package did not build on the remotely built deps"; }
expect_contains "$SCRATCH/package.log" "inheritCargoArtifacts: $deps -> " "package log"
units=$(compiled_units "$pkg")
stray=$(tr ' ' '\n' <<< "$units" | grep -Ev '^(app|core):' | tr '\n' ' ' || true)
[ -z "$stray" ] || fail "the package recompiled units of the remotely built deps: $stray(all compiled: $units)"
expect_eq "$(cat "$pkg/app-output.txt")" "42 generated" "the binary's output"
note "deps built on ssh-ng://root@127.0.0.1:$PORT (a second store, sandboxed) -> package here compiled only: $units"
