/**
 * esbuild plugin for code that runs in the page (the Electron preload, the harness bridge): the IPC
 * contract is replaced by a module of its channel and event names, generated from the real contract.
 * The page validates nothing (main does), so it needs the names, not zod (1.6 KB instead of 750 KB).
 * Both entry points are replaced: preload/contract.ts and the per-domain assembly preload/contract/index.ts.
 */
import type { Plugin } from 'esbuild';
import { channelNames, eventNames } from '../preload/contract.ts';

export const contractNamesOnly: Plugin = {
  name: 'contract-names-only',
  setup(build) {
    build.onResolve({ filter: /\/contract(\/index)?\.ts$/ }, (args) => ({
      path: args.path,
      namespace: 'contract-names',
    }));
    build.onLoad({ filter: /.*/, namespace: 'contract-names' }, () => ({
      loader: 'js',
      contents: [
        `export const channelNames = ${JSON.stringify(channelNames)};`,
        `export const eventNames = ${JSON.stringify(eventNames)};`,
        'export const isChannelName = (n) => channelNames.includes(n);',
        'export const isEventName = (n) => eventNames.includes(n);',
      ].join('\n'),
    }));
  },
};
