/**
 * The hardening every window must have (Electron's security checklist, items 2-11). Windows write
 * their webPreferences out literally (so reviewers and electronegativity see them); tests hold every
 * window the shell creates to this list.
 */
export const requiredWebPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
} as const;

/** Names the settings of `prefs` that fall short of the required hardening (empty when none). */
export function missingHardening(prefs: Record<string, unknown> | undefined): string[] {
  return Object.entries(requiredWebPreferences)
    .filter(([key, value]) => prefs?.[key] !== value)
    .map(([key, value]) => `${key} must be ${String(value)}`);
}
