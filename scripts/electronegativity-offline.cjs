// Loaded with `node -r` before electronegativity: its i18n module fetches translations from GitHub on
// every run (unreachable here, and a crash when got retries). Answer that one fetch with a refusal so the
// tool uses its bundled English strings and makes no network request.
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, parent, ...rest) {
  if (request === 'got' && parent?.filename.includes('electronegativity')) {
    return () => Promise.reject(new Error('offline: translations are bundled'));
  }
  return load.call(this, request, parent, ...rest);
};
