/**
 * Which Label Studio result types describe a region. Its own file, free of zod: the window's
 * validation needs it, and the window's first screen should not carry the schemas.
 */
/** Result types that describe a region (the rest describe the task, or a region through perRegion). */
export const REGION_RESULT_TYPES: ReadonlySet<string> = new Set([
  'labels',
  'rectanglelabels',
  'rectangle',
  'polygonlabels',
  'polygon',
  'keypointlabels',
  'keypoint',
  'ellipselabels',
  'ellipse',
  'brushlabels',
  'brush',
  'hypertextlabels',
  'paragraphlabels',
  'timeserieslabels',
  'videorectangle',
]);
