/** The projects domain: the workspaces and projects the current role may open. */
import { z } from 'zod';
import { channel, NoRequest } from './define.ts';

const ProjectSummary = z.object({
  id: z.string(),
  name: z.string(),
  importMode: z.enum(['tasks', 'files']),
  /** Annotations wanted per task (Label Studio's overlap). */
  overlap: z.number().int().positive(),
  /** Control tags the config needs that this version cannot edit yet: the project opens view only. */
  viewOnlyTags: z.array(z.string()),
});
const WorkspaceSummary = z.object({ id: z.string(), name: z.string(), projects: z.array(ProjectSummary) });

export const projectsChannels = {
  'projects.list': channel({
    summary: 'Workspaces and projects the current role may open.',
    request: NoRequest,
    response: z.object({ workspaces: z.array(WorkspaceSummary) }),
  }),
} as const;
