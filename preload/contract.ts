/**
 * The IPC contract, split per domain in ./contract/ (index.ts assembles it). This entry point stays so
 * every importer (main, renderer, harness, the preload bundle's names-only plugin) has one path.
 */
export * from './contract/index.ts';
