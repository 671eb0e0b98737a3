#!/usr/bin/env bash
# Puts the keychain in one state and runs a command there; used by keychain-states.test.ts.
#   keychain-state.sh <state> <bus-config> -- <command...>
# The caller passes a clean environment (own HOME, empty XDG_RUNTIME_DIR, no DBUS_SESSION_BUS_ADDRESS).
#   no-dbus            no session bus at all (no address, no $DISPLAY to autolaunch one)
#   bad-bus-address    DBUS_SESSION_BUS_ADDRESS points at a socket that does not exist
#   no-secret-service  a private bus whose config has no service directories, so nothing can be
#                      activated as org.freedesktop.secrets (the system's gnome-keyring .service file
#                      would otherwise start one)
#   no-keyring         that bus plus gnome-keyring-daemon started without --unlock in an empty HOME:
#                      the Secret Service runs, but there is no login collection
#   locked             that bus, an unlocked login keyring, $SEED_COMMAND run to store an item, then the
#                      collection locked through org.freedesktop.Secret.Service.Lock
# Every daemon started here is stopped before this script returns (and its pid printed on stderr).
set -euo pipefail
state="$1" config="$2"
shift 3

case "$state" in
  no-dbus) exec env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u WAYLAND_DISPLAY "$@" ;;
  bad-bus-address) exec env -u DISPLAY DBUS_SESSION_BUS_ADDRESS="unix:path=$HOME/no-such-bus" "$@" ;;
  no-secret-service) exec dbus-run-session --config-file="$config" -- "$@" ;;
  no-keyring | locked) ;;
  *) echo "unknown state $state" >&2; exit 2 ;;
esac

exec dbus-run-session --config-file="$config" -- bash -c '
  set -euo pipefail
  state="$1"; shift
  if [ "$state" = locked ]; then
    echo -n lab-keyring-password | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  else
    gnome-keyring-daemon --foreground --components=secrets </dev/null >/dev/null 2>&1 &
  fi
  pid=$!
  echo "keyring-daemon-pid=$pid" >&2
  trap "kill $pid 2>/dev/null; wait $pid 2>/dev/null || true" EXIT
  gdbus wait --session --timeout 5 org.freedesktop.secrets
  if [ "$state" = locked ]; then
    bash -c "$SEED_COMMAND" >&2
    gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets \
      --method org.freedesktop.Secret.Service.Lock "[\"/org/freedesktop/secrets/collection/login\"]" >/dev/null
    locked=$(gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets/collection/login \
      --method org.freedesktop.DBus.Properties.Get org.freedesktop.Secret.Collection Locked)
    [ "$locked" = "(<true>,)" ] || { echo "could not lock the login collection: $locked" >&2; exit 3; }
  fi
  "$@"
' _ "$state" "$@"
