/** Project configurations written for these tests. */
export const ACCOUNT = '123456789012';
export const ANNOTATOR_ROLE = `arn:aws:iam::${ACCOUNT}:role/annotators-vision`;
export const REVIEWER_ROLE = `arn:aws:iam::${ACCOUNT}:role/reviewers/lead`;

export function rawProject(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'street-scenes',
    name: 'Street scenes',
    roles: [`arn:aws:iam::${ACCOUNT}:role/annotators-*`],
    bucket: 'acme-labeling',
    region: 'eu-west-1',
    importMode: 'tasks',
    taskPrefix: 'street/tasks',
    labelingConfig: { inline: '<View><Image name="image" value="$image"/></View>' },
    targetPrefix: 'street/annotations/',
    ...overrides,
  };
}

export function rawConfig(projects: Record<string, unknown>[] = [rawProject()]): Record<string, unknown> {
  return { version: 1, workspaces: [{ id: 'vision', name: 'Vision', projects }] };
}
