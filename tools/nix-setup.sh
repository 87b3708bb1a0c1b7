#!/usr/bin/env bash
# Makes a real, offline, multi-user Nix on Debian 12 (run as root): Debian's
# nix-bin, /nix/store owned root:nixbld with mode 1775, a nix-daemon running
# in the background (one that answers is reused, one that does not is
# stopped), builds as the nixbld* users without a sandbox, and nothing that
# could substitute or download. README.md's "What the set-up changes" lists
# every change; keep the two in step. Sourced by tools/setup.sh; safe to run
# again.
set -euo pipefail

if ! dpkg-query -W -f='${Status}' nix-bin 2>/dev/null | grep -q 'install ok installed'; then
  echo "nix-setup: installing nix-bin" >&2
  apt-get update -qq
  # nix-setup-systemd creates the nixbld group and build users.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nix-bin nix-setup-systemd >/dev/null
fi
# The build users, in case the package that makes them was left out.
getent group nixbld >/dev/null || groupadd --system nixbld
for n in $(seq 1 10); do
  id "nixbld$n" >/dev/null 2>&1 || useradd --system --home-dir /var/empty --gid nixbld --groups nixbld \
    --no-user-group --shell /usr/sbin/nologin --comment "Nix build user $n" "nixbld$n"
done

mkdir -p /nix/store /nix/var/nix/daemon-socket
chown root:nixbld /nix/store
chmod 1775 /nix/store

conf=/etc/nix/nix.conf
mkdir -p /etc/nix
want_conf() {  # KEY VALUE: sets KEY in nix.conf, replacing an older line; says so when it changes
  local key=$1 value=$2
  grep -qxF "$key = $value" "$conf" 2>/dev/null && return
  echo "nix-setup: $conf: $key = $value" >&2
  if grep -q "^$key *=" "$conf" 2>/dev/null; then
    sed -i "s|^$key *=.*|$key = $value|" "$conf"
  else
    echo "$key = $value" >> "$conf"
  fi
}
want_conf build-users-group nixbld
want_conf sandbox false
want_conf substituters ""
want_conf experimental-features "nix-command flakes"
want_conf flake-registry ""
want_conf connect-timeout 1
want_conf fallback false

# The daemon itself must use the local store: with NIX_REMOTE=daemon in its
# environment it would forward every connection to itself.
if ! NIX_REMOTE=daemon nix store ping --store daemon >/dev/null 2>&1; then
  pkill -x nix-daemon 2>/dev/null || true
  rm -f /nix/var/nix/daemon-socket/socket
  (unset NIX_REMOTE; setsid nix-daemon > /nix/var/nix/daemon.log 2>&1 < /dev/null &)
  for _ in $(seq 100); do
    NIX_REMOTE=daemon nix store ping --store daemon >/dev/null 2>&1 && break
    sleep 0.1
  done
  NIX_REMOTE=daemon nix store ping --store daemon >/dev/null 2>&1 || {
    echo "nix-setup: error: nix-daemon did not start (see /nix/var/nix/daemon.log)" >&2; exit 1; }
fi
export NIX_REMOTE=daemon
