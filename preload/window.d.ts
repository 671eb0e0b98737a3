// What the preload (or the harness bridge) puts on the page: the contract's API, and nothing else.
import type { AnnotatorApi } from './api.ts';

declare global {
  interface Window {
    readonly annotator?: AnnotatorApi;
  }
}
