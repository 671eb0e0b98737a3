import { describe, expect, it } from 'vitest';
import type { ProjectsConfig } from './project-config.ts';
import { isTaskSourceKey, parseProjectsConfig, projectsForRole, roleMatches } from './project-config.ts';
import type { TaskError } from './task-error.ts';
import { ACCOUNT, ANNOTATOR_ROLE, rawConfig, rawProject, REVIEWER_ROLE } from './test-support/projects.ts';

function parsed(raw: unknown): ProjectsConfig {
  const result = parseProjectsConfig(raw);
  if (!result.ok) throw result.error;
  return result.value;
}

function errorOf(raw: unknown): TaskError {
  const result = parseProjectsConfig(raw);
  if (result.ok) throw new Error('expected the configuration to be refused');
  return result.error;
}

describe('parseProjectsConfig', () => {
  it('accepts a minimal project and fills defaults (overlap 1, 15-minute presign, no media prefixes)', () => {
    const project = parsed(rawConfig()).workspaces[0]?.projects[0];
    expect(project).toMatchObject({ overlap: 1, presignTtlSeconds: 900, mediaPrefixes: [] });
    // Prefixes end with '/' so "street/tasks" never matches "street/tasks-old/".
    expect(project?.taskPrefix).toBe('street/tasks/');
    expect(project?.targetPrefix).toBe('street/annotations/');
  });

  it('accepts every optional setting IT may manage', () => {
    const project = parsed(
      rawConfig([
        rawProject({
          importMode: 'files',
          regexFilter: '.*\\.(jpe?g|png)$',
          labelingConfig: { s3Key: 'street/config.xml' },
          endpoint: 'https://bucket.vpce-0a1b2c3d-4e5f6a7b.s3.eu-west-1.vpce.amazonaws.com',
          forcePathStyle: true,
          presignTtlSeconds: 3600,
          sseKmsKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
          mediaPrefixes: ['street/images'],
          overlap: 3,
        }),
      ]),
    ).workspaces[0]?.projects[0];
    expect(project?.mediaPrefixes).toEqual(['street/images/']);
    expect(project?.labelingConfig).toEqual({ s3Key: 'street/config.xml' });
    expect(project?.overlap).toBe(3);
  });

  it('names every bad key by its path, several at once', () => {
    const error = errorOf(
      rawConfig([
        rawProject(),
        rawProject({ id: 'second', bucket: 'Acme_Bucket', presignTtlSeconds: 30, regexFilter: '([a-z' }),
      ]),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(
      /^workspaces\[0\]\.projects\[1\]\.bucket: bucket name may hold only lowercase/m,
    );
    expect(error.message).toMatch(/^workspaces\[0\]\.projects\[1\]\.presignTtlSeconds: /m);
    expect(error.message).toMatch(
      /^workspaces\[0\]\.projects\[1\]\.regexFilter: is not a valid regular expression/m,
    );
    expect(error.message).not.toMatch(/projects\[0\]/);
  });

  it('refuses unknown keys (a typo must not silently fall back to a default)', () => {
    expect(errorOf(rawConfig([rawProject({ presignTTL: 60 })])).message).toContain(
      'workspaces[0].projects[0]: unknown key(s) "presignTTL"',
    );
  });

  it.each([
    ['presignTtlSeconds', 59, /presignTtlSeconds/],
    ['presignTtlSeconds', 43_201, /at most 43200 \(12 hours/],
    ['presignTtlSeconds', 604_800, /at most 43200/],
    ['overlap', 0, /overlap/],
    ['region', 'Europe', /must be an AWS region/],
    ['endpoint', 'http://s3.internal.example.com', /must use https/],
    ['endpoint', 'https://user:pw@s3.example.com', /must not contain credentials/],
    ['endpoint', 'https://s3.example.com/bucket', /bare origin/],
    ['sseKmsKeyId', 'my key', /KMS key id/],
    ['importMode', 'folders', /importMode/],
    ['targetPrefix', '', /targetPrefix: must not be empty/],
    ['targetPrefix', 'street/../x/', /targetPrefix: prefix contains a '\.' or '\.\.' path segment/],
    ['taskPrefix', '/street', /taskPrefix: prefix starts with '\/' or contains '\/\/'/],
    ['targetPrefix', 'street/tasks/out', /targetPrefix: must not be inside taskPrefix/],
    ['roles', [], /roles: must name at least one role/],
    ['roles', ['annotators-*'], /roles\[0\]: must be an IAM role ARN/],
    ['roles', ['arn:aws:iam::*:role/annotators'], /roles\[0\]: must be an IAM role ARN/],
    ['labelingConfig', { inline: '<View/>', s3Key: 'x.xml' }, /labelingConfig: must be \{ "inline"/],
    ['id', 'Street Scenes', /id: must be 1-64 lowercase/],
  ])('refuses %s = %j', (key, value, message) => {
    const error = errorOf(rawConfig([rawProject({ [key]: value })]));
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`workspaces[0].projects[0].${key}`);
  });

  it('accepts a plain-http endpoint only on loopback (the local test server)', () => {
    expect(parseProjectsConfig(rawConfig([rawProject({ endpoint: 'http://127.0.0.1:4569' })])).ok).toBe(true);
  });

  it('refuses duplicate project ids across workspaces', () => {
    const raw = {
      version: 1,
      workspaces: [
        { id: 'a', name: 'A', projects: [rawProject()] },
        { id: 'b', name: 'B', projects: [rawProject()] },
      ],
    };
    expect(errorOf(raw).message).toContain(
      'workspaces[1].projects[0].id: duplicate project id "street-scenes"',
    );
  });

  it('refuses a document that is not a configuration at all', () => {
    expect(errorOf(null).message).toMatch(/\(root\): /);
    expect(errorOf({ workspaces: [] }).message).toMatch(/^version: /m);
  });
});

describe('roleMatches', () => {
  const pattern = `arn:aws:iam::${ACCOUNT}:role/annotators-*`;
  it.each([
    [pattern, ANNOTATOR_ROLE, true],
    [pattern, `arn:aws:iam::${ACCOUNT}:role/annotators-`, true],
    [pattern, `arn:aws:iam::${ACCOUNT}:role/reviewers`, false],
    // '*' stays within one path segment.
    [pattern, `arn:aws:iam::${ACCOUNT}:role/annotators-x/admin`, false],
    [`arn:aws:iam::${ACCOUNT}:role/*/lead`, REVIEWER_ROLE, true],
    [`arn:aws:iam::${ACCOUNT}:role/*`, REVIEWER_ROLE, false],
    // Account and partition are literal.
    [pattern, 'arn:aws:iam::210987654321:role/annotators-vision', false],
    [pattern, `arn:aws-cn:iam::${ACCOUNT}:role/annotators-vision`, false],
    // Exact ARNs match only themselves, case-sensitively.
    [REVIEWER_ROLE, REVIEWER_ROLE, true],
    [REVIEWER_ROLE, REVIEWER_ROLE.toUpperCase(), false],
    // A pattern character in the role itself, or an STS session ARN, matches nothing.
    [pattern, `arn:aws:iam::${ACCOUNT}:role/annotators-*`, false],
    [pattern, `arn:aws:sts::${ACCOUNT}:assumed-role/annotators-vision/alice`, false],
    // Regex metacharacters in a pattern are literal.
    [`arn:aws:iam::${ACCOUNT}:role/a.b`, `arn:aws:iam::${ACCOUNT}:role/aXb`, false],
  ])('%s ~ %s → %s', (p, role, expected) => {
    expect(roleMatches(p, role)).toBe(expected);
  });
});

describe('projectsForRole', () => {
  const config = parsed({
    version: 1,
    workspaces: [
      {
        id: 'vision',
        name: 'Vision',
        projects: [
          rawProject(),
          rawProject({ id: 'review', roles: [REVIEWER_ROLE], targetPrefix: 'street/review/' }),
        ],
      },
      { id: 'nlp', name: 'NLP', projects: [rawProject({ id: 'ner', roles: [REVIEWER_ROLE] })] },
    ],
  });

  it('shows only the projects of the current role, and drops workspaces left empty', () => {
    const visible = projectsForRole(config, ANNOTATOR_ROLE);
    expect(visible.map((w) => [w.id, w.projects.map((p) => p.id)])).toEqual([['vision', ['street-scenes']]]);
    expect(projectsForRole(config, REVIEWER_ROLE).map((w) => [w.id, w.projects.map((p) => p.id)])).toEqual([
      ['vision', ['review']],
      ['nlp', ['ner']],
    ]);
    expect(projectsForRole(config, `arn:aws:iam::${ACCOUNT}:role/other`)).toEqual([]);
  });
});

describe('isTaskSourceKey', () => {
  it('applies prefix, target exclusion and the regex filter anchored at the start of the full key', () => {
    const [project] = parsed(
      rawConfig([rawProject({ taskPrefix: '', targetPrefix: 'out/', regexFilter: 'street/.*\\.json' })]),
    ).workspaces[0]!.projects;
    expect(isTaskSourceKey(project!, 'street/a.json')).toBe(true);
    expect(isTaskSourceKey(project!, 'street/a.jsonl')).toBe(true); // re.match: not anchored at the end
    expect(isTaskSourceKey(project!, 'old/street/a.json')).toBe(false);
    expect(isTaskSourceKey(project!, 'out/street/a.json')).toBe(false);
    expect(isTaskSourceKey(project!, 'street/')).toBe(false);
  });
});
