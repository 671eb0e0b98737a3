import type { KeychainErrorCode } from './secret-store.ts';

/**
 * Maps what libsecret / GIO / gnome-keyring report (keytar passes only the message text on) to a status
 * code. The texts are those seen on Linux with libsecret 0.20 and gnome-keyring 42 (see
 * keychain-states.test.ts, which produces each state for real). Matching is on English text: GIO
 * translates some of them, so under another locale an unknown text falls back to KEYCHAIN_UNAVAILABLE.
 */
const rules: [RegExp, KeychainErrorCode][] = [
  // Checked first: a locked collection can also be reported through an object path.
  [/locked collection|collection is locked|\bis locked\b/i, 'KEYCHAIN_LOCKED'],
  // No session bus: nothing in DBUS_SESSION_BUS_ADDRESS and no X11 to autolaunch one; or an address
  // that is malformed or points at nothing.
  [
    /Cannot autolaunch D-Bus|dbus-launch|DBUS_SESSION_BUS_ADDRESS|Could not connect:|does not contain a colon|Unknown address type|Cannot spawn a message bus|org\.freedesktop\.DBus\.Error\.(NoServer|FileNotFound|Disconnected|NoNetwork|BadAddress)/i,
    'KEYCHAIN_NO_DBUS',
  ],
  // A bus, but nobody owns org.freedesktop.secrets and no .service file can start it.
  [
    /org\.freedesktop\.secrets was not provided|org\.freedesktop\.DBus\.Error\.(ServiceUnknown|NameHasNoOwner)/i,
    'KEYCHAIN_NO_SECRET_SERVICE',
  ],
  // The Secret Service runs but the default alias points at a collection that does not exist (the
  // login keyring was never created / unlocked at login).
  [/Object does not exist at path .*\/collection\/|No such (object|collection)/i, 'KEYCHAIN_NO_KEYRING'],
];

export function classifyKeychainError(error: unknown): KeychainErrorCode {
  const text = errorText(error);
  for (const [pattern, code] of rules) if (pattern.test(text)) return code;
  return 'KEYCHAIN_UNAVAILABLE';
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
