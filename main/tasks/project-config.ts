/**
 * Workspaces and projects: where a project's tasks live, where annotations go, who may open it.
 * The same schema checks IT's managed configuration and a user's own file; every problem is reported
 * with the path of the bad key (`workspaces[0].projects[1].bucket: …`) so it can be fixed without guessing.
 */
import { z } from 'zod';
import { bucketNameProblem, keyProblem } from './s3-names.ts';
import { TaskError } from './task-error.ts';

/**
 * Presigned GET lifetime. 15 minutes by default (long enough to label one item, short enough that a
 * leaked URL dies soon; the app re-signs before expiry anyway). At most 12 hours: URLs are signed with
 * STS session credentials, which last at most 12 hours, and a URL never outlives its credentials —
 * S3's 7-day maximum only applies to long-term IAM user keys, which this app never holds.
 */
export const PRESIGN_TTL_DEFAULT_SECONDS = 900;
export const PRESIGN_TTL_MIN_SECONDS = 60;
export const PRESIGN_TTL_MAX_SECONDS = 43_200;

const id = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,63}$/,
    'must be 1-64 lowercase letters, digits, "-" or "_", starting with a letter or digit',
  );

const bucket = z.string().superRefine((value, ctx) => {
  const problem = bucketNameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `bucket name ${problem}` });
});

/** A key prefix, normalised to end with '/' (so `tasks` never matches `tasks-old/`); '' means the whole bucket. */
function prefix(options: { allowEmpty: boolean }) {
  return z
    .string()
    .transform((value) => (value === '' || value.endsWith('/') ? value : `${value}/`))
    .superRefine((value, ctx) => {
      if (value === '') {
        if (!options.allowEmpty) ctx.addIssue({ code: 'custom', message: 'must not be empty' });
        return;
      }
      const problem = keyProblem(value, { prefix: true });
      if (problem) ctx.addIssue({ code: 'custom', message: `prefix ${problem.reason}` });
    });
}

const objectKey = z.string().superRefine((value, ctx) => {
  const problem = keyProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `key ${problem.reason}` });
});

/**
 * Role ARN or pattern: `arn:<partition>:iam::<account>:role/<path/name>`. Partition and account are
 * literal; `*` may appear only in the path/name, where it matches within one '/'-separated segment.
 */
const ROLE_ARN =
  /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):iam::(\d{12}):role\/([\w+=,.@*/-]{1,512})$/;
const rolePattern = z.string().superRefine((value, ctx) => {
  const match = ROLE_ARN.exec(value);
  if (!match) {
    ctx.addIssue({
      code: 'custom',
      message:
        'must be an IAM role ARN like arn:aws:iam::123456789012:role/annotators-* (wildcards only in the role name)',
    });
    return;
  }
  if ((match[3] ?? '').split('/').some((segment) => segment === ''))
    ctx.addIssue({
      code: 'custom',
      message: "role path must not contain empty segments ('//' or a trailing '/')",
    });
});

const regexFilter = z.string().superRefine((value, ctx) => {
  try {
    compileKeyFilter(value);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `is not a valid regular expression (${(error as Error).message})`,
    });
  }
});

const endpoint = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a URL like https://bucket.vpce-0123.s3.us-east-1.vpce.amazonaws.com',
    });
    return;
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    ctx.addIssue({ code: 'custom', message: 'must use https (plain http only for a local test server)' });
  if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'must not contain credentials' });
  if (url.search || url.hash || (url.pathname !== '/' && url.pathname !== ''))
    ctx.addIssue({ code: 'custom', message: 'must be a bare origin without path, query or fragment' });
});

const KMS_KEY =
  /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/-]+|alias\/[\w/-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

export const LabelingConfigSourceSchema = z.union([
  z.strictObject({ inline: z.string().min(1, 'must not be empty') }),
  z.strictObject({ s3Key: objectKey }),
]);

export const ProjectSchema = z.strictObject({
  id,
  name: z.string().trim().min(1, 'must not be empty').max(200),
  roles: z.array(rolePattern).min(1, 'must name at least one role ARN or pattern'),
  bucket,
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'must be an AWS region like eu-west-1'),
  endpoint: endpoint.optional(),
  forcePathStyle: z.boolean().optional(),
  importMode: z.enum(['tasks', 'files']),
  taskPrefix: prefix({ allowEmpty: true }),
  regexFilter: regexFilter.optional(),
  labelingConfig: LabelingConfigSourceSchema,
  targetPrefix: prefix({ allowEmpty: false }),
  /** Extra prefixes media referenced by tasks may live under (read-only). */
  mediaPrefixes: z.array(prefix({ allowEmpty: false })).default([]),
  overlap: z.number().int().min(1).max(100).default(1),
  presignTtlSeconds: z
    .number()
    .int()
    .min(PRESIGN_TTL_MIN_SECONDS)
    .max(PRESIGN_TTL_MAX_SECONDS, 'must be at most 43200 (12 hours, the longest STS session)')
    .default(PRESIGN_TTL_DEFAULT_SECONDS),
  sseKmsKeyId: z.string().regex(KMS_KEY, 'must be a KMS key id, key ARN, alias or alias ARN').optional(),
});

export const WorkspaceSchema = z.strictObject({
  id,
  name: z.string().trim().min(1, 'must not be empty').max(200),
  projects: z.array(ProjectSchema),
});

export const ProjectsConfigSchema = z
  .strictObject({ version: z.literal(1), workspaces: z.array(WorkspaceSchema) })
  .superRefine((config, ctx) => {
    // Project ids name the local index and appear in IPC; they must be unique across workspaces.
    const seenWorkspaces = new Set<string>();
    const seenProjects = new Set<string>();
    config.workspaces.forEach((workspace, w) => {
      if (seenWorkspaces.has(workspace.id))
        ctx.addIssue({
          code: 'custom',
          path: ['workspaces', w, 'id'],
          message: `duplicate workspace id "${workspace.id}"`,
        });
      seenWorkspaces.add(workspace.id);
      workspace.projects.forEach((project, p) => {
        const at = ['workspaces', w, 'projects', p];
        if (seenProjects.has(project.id))
          ctx.addIssue({
            code: 'custom',
            path: [...at, 'id'],
            message: `duplicate project id "${project.id}"`,
          });
        seenProjects.add(project.id);
        // Annotations inside the task prefix would be listed as tasks on the next sync.
        if (project.taskPrefix !== '' && project.targetPrefix.startsWith(project.taskPrefix))
          ctx.addIssue({
            code: 'custom',
            path: [...at, 'targetPrefix'],
            message: `must not be inside taskPrefix "${project.taskPrefix}"`,
          });
      });
    });
  });

export type LabelingConfigSource = z.infer<typeof LabelingConfigSourceSchema>;
export type Project = z.infer<typeof ProjectSchema>;
export type Workspace = z.infer<typeof WorkspaceSchema>;
export type ProjectsConfig = z.infer<typeof ProjectsConfigSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: TaskError };

/** Validates a parsed JSON/YAML document. On failure, one line per problem: `path: message`. */
export function parseProjectsConfig(input: unknown): ParseResult<ProjectsConfig> {
  const result = ProjectsConfigSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const lines = result.error.issues.map((issue) => `${formatPath(issue.path)}: ${describeIssue(issue)}`);
  return {
    ok: false,
    error: new TaskError('CONFIG_INVALID', `The projects configuration is invalid:\n${lines.join('\n')}`),
  };
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_union' && issue.path.at(-1) === 'labelingConfig')
    return 'must be { "inline": "<View>…</View>" } or { "s3Key": "path/to/config.xml" }';
  return issue.message;
}

/**
 * Label Studio applies the regex filter with Python's re.match: anchored at the start of the full key,
 * not at the end.
 */
export function compileKeyFilter(source: string): RegExp {
  return new RegExp(`^(?:${source})`);
}

/** Whether a listed key is a task source of `project`: under the task prefix, not an annotation, filter matched. */
export function isTaskSourceKey(project: Project, key: string): boolean {
  if (!key.startsWith(project.taskPrefix) || key.endsWith('/')) return false;
  if (key.startsWith(project.targetPrefix)) return false;
  return project.regexFilter === undefined || compileKeyFilter(project.regexFilter).test(key);
}

/** Whether `roleArn` (the IAM role chosen at sign-in) matches an ARN or pattern from `roles`. */
export function roleMatches(pattern: string, roleArn: string): boolean {
  const p = ROLE_ARN.exec(pattern);
  const r = ROLE_ARN.exec(roleArn);
  if (!p || !r || roleArn.includes('*')) return false;
  if (p[1] !== r[1] || p[2] !== r[2]) return false;
  const patternSegments = (p[3] ?? '').split('/');
  const roleSegments = (r[3] ?? '').split('/');
  if (patternSegments.length !== roleSegments.length) return false;
  return patternSegments.every((segment, i) => segmentRegex(segment).test(roleSegments[i] ?? ''));
}

function segmentRegex(segment: string): RegExp {
  const body = segment
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${body}$`);
}

/** Only the workspaces and projects the current role may open; workspaces left empty are dropped. */
export function projectsForRole(config: ProjectsConfig, roleArn: string): Workspace[] {
  return config.workspaces
    .map((workspace) => ({
      ...workspace,
      projects: workspace.projects.filter((project) =>
        project.roles.some((pattern) => roleMatches(pattern, roleArn)),
      ),
    }))
    .filter((workspace) => workspace.projects.length > 0);
}
