/**
 * Where IT puts enforced settings on each OS: the same file format everywhere, so one document
 * serves all. On Linux and macOS the file must be owned by root (checked on load). On Windows the
 * folder itself is the check: Program Files is writable by administrators only (ProgramData is not:
 * any user may create folders there). No environment variable can move it.
 */
import path from 'node:path';

export function managedSettingsFile(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'win32':
      return path.win32.join(
        process.env.ProgramW6432 ?? 'C:\\Program Files',
        'Federated Annotator Policy',
        'managed-settings.json',
      );
    case 'darwin':
      return '/Library/Application Support/Federated Annotator/managed-settings.json';
    default:
      return '/etc/federated-annotator/managed-settings.json';
  }
}
