/**
 * What the projects service needs of the local store (main/local): drafts per role, project and task,
 * and the task a role had open. Asynchronous because sealing a draft needs the role's key from the
 * keychain; a save resolves only once the draft is committed to disk.
 */
export interface DraftScope {
  /** The role context (`<organization>\0<role ARN>\0<session name>`): another role never sees it. */
  roleKey: string;
  projectId: string;
  taskId: string;
}

export interface DraftInput {
  /** Monotonic per task from the window: an older rev than the stored one is ignored (`stale`). */
  rev: number;
  /** Label Studio result items, as the window's codec wrote them. */
  result: unknown[];
  leadTimeSeconds: number;
  taskKey: string;
  taskIndex: number;
}

export interface StoredDraft extends DraftInput {
  savedAt: string;
}

export interface LastOpen {
  projectId: string;
  key: string;
  index: number;
}

export interface DraftsPort {
  save(scope: DraftScope, draft: DraftInput): Promise<{ rev: number; savedAt: string; stale: boolean }>;
  load(scope: DraftScope): Promise<StoredDraft | null>;
  discard(scope: DraftScope): Promise<void>;
  list(roleKey: string, projectId: string): Promise<{ taskId: string; savedAt: string }[]>;
  lastOpen(roleKey: string): Promise<LastOpen | null>;
  setLastOpen(roleKey: string, last: LastOpen | null): Promise<void>;
}
