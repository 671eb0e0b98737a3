/**
 * Where IT puts enforced settings on each OS. A file an administrator owns (checked on load), as
 * Bitwarden and VS Code do on Linux; the same file format everywhere so one document serves all.
 */
import path from 'node:path';

export function managedSettingsFile(platform: NodeJS.Platform = process.platform): string {
  if (process.env.FA_MANAGED_SETTINGS_FILE) return process.env.FA_MANAGED_SETTINGS_FILE;
  switch (platform) {
    case 'win32':
      return path.win32.join(
        process.env.ProgramData ?? 'C:\\ProgramData',
        'Federated Annotator',
        'managed-settings.json',
      );
    case 'darwin':
      return '/Library/Application Support/Federated Annotator/managed-settings.json';
    default:
      return '/etc/federated-annotator/managed-settings.json';
  }
}
