// electron-builder's Windows sign hook (electron-builder.yml win.signtoolOptions.sign): signs each
// executable and installer with signtool, from what the build machine's environment names, and nothing
// in this repository. Two ways, both without a secret on a command line or on disk here:
//   - a certificate in the Windows certificate store (an EV token, a cloud HSM's provider):
//     WIN_SIGN_CERT_SHA1=<thumbprint> [WIN_SIGN_MACHINE_STORE=1];
//   - Azure Trusted Signing: AZURE_TRUSTED_SIGNING_DLIB=<Azure.CodeSigning.Dlib.dll>
//     AZURE_TRUSTED_SIGNING_METADATA=<metadata.json>; the dlib signs in with AZURE_TENANT_ID,
//     AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or a managed identity) from the environment itself.
// WIN_SIGN_TIMESTAMP_URL replaces the default RFC 3161 timestamp server, WIN_SIGNTOOL_PATH the signtool.
// Neither configured: the build stays unsigned with a warning, or fails when FA_REQUIRE_SIGNING=1
// (release builds set it, so an unsigned installer never ships by accident).
import { execFileSync } from 'node:child_process';

const description = 'Federated Annotator';

/** signtool's arguments for `file` under `env`; null when no signing is configured. */
export function signtoolArguments(env, file) {
  const common = ['sign', '/fd', 'sha256', '/td', 'sha256', '/d', description];
  if (env.AZURE_TRUSTED_SIGNING_DLIB || env.AZURE_TRUSTED_SIGNING_METADATA) {
    if (!env.AZURE_TRUSTED_SIGNING_DLIB || !env.AZURE_TRUSTED_SIGNING_METADATA)
      throw new Error(
        'Azure Trusted Signing needs both AZURE_TRUSTED_SIGNING_DLIB and AZURE_TRUSTED_SIGNING_METADATA.',
      );
    return [
      ...common,
      '/tr',
      env.WIN_SIGN_TIMESTAMP_URL || 'http://timestamp.acs.microsoft.com',
      '/dlib',
      env.AZURE_TRUSTED_SIGNING_DLIB,
      '/dmdf',
      env.AZURE_TRUSTED_SIGNING_METADATA,
      file,
    ];
  }
  if (env.WIN_SIGN_CERT_SHA1) {
    if (!/^[0-9a-fA-F]{40}$/.test(env.WIN_SIGN_CERT_SHA1))
      throw new Error('WIN_SIGN_CERT_SHA1 must be the certificate thumbprint (40 hex digits).');
    return [
      ...common,
      '/tr',
      env.WIN_SIGN_TIMESTAMP_URL || 'http://timestamp.digicert.com',
      '/sha1',
      env.WIN_SIGN_CERT_SHA1,
      ...(env.WIN_SIGN_MACHINE_STORE === '1' ? ['/sm'] : []),
      file,
    ];
  }
  return null;
}

/** Called by electron-builder once per file (signingHashAlgorithms: sha256 only). */
export default async function sign(configuration, env = process.env, run = execFileSync) {
  const args = signtoolArguments(env, configuration.path);
  if (!args) {
    if (env.FA_REQUIRE_SIGNING === '1')
      throw new Error(
        `Not signing ${configuration.path}: set WIN_SIGN_CERT_SHA1 or AZURE_TRUSTED_SIGNING_DLIB/METADATA (see README, Installers).`,
      );
    console.warn(`sign-windows: no signing configured, ${configuration.path} stays unsigned`);
    return;
  }
  run(env.WIN_SIGNTOOL_PATH || 'signtool.exe', args, { stdio: 'inherit' });
}
