#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring and its own HOME, so
# keychain tests use a real Secret Service and never touch the developer's own keyring.
#   scripts/with-keyring.sh <command...>
set -euo pipefail
export KEYRING_TEST_HOME="$(mktemp -d)"
trap 'rm -rf "$KEYRING_TEST_HOME"' EXIT
# Keep npm's cache where it was; only the keyring's files go to the temporary HOME.
export npm_config_cache="${npm_config_cache:-$HOME/.npm}"
HOME="$KEYRING_TEST_HOME" dbus-run-session -- bash -c '
  echo -n "lab-keyring-password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' _ "$@"
