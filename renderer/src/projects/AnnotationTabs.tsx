import type { OpenedTask } from '../../../preload/contract.ts';
import { summarizeResult } from './result-summary.ts';
import type { TaskController, Viewing } from './task-controller.ts';

function when(at: string | undefined): string {
  return at ? new Date(at).toLocaleString() : '';
}

/**
 * The annotator's own work and, one at a time and read-only, everyone else's: other annotators'
 * annotations in the target, and the annotations and predictions the task file carried (as Label
 * Studio's annotation tabs). A prediction or an earlier annotation can be the starting point.
 */
export function AnnotationTabs({
  controller,
  task,
  viewing,
}: {
  controller: TaskController;
  task: OpenedTask;
  viewing: Viewing;
}) {
  const others = task.annotations.filter((a) => !a.mine);
  if (others.length === 0 && task.source.length === 0) return null;
  const selected = (v: Viewing) =>
    v.kind === viewing.kind && (v.kind === 'mine' || (viewing.kind !== 'mine' && v.id === viewing.id));
  const tab = (v: Viewing, label: string, detail?: string) => (
    <button
      key={`${v.kind}:${v.kind === 'mine' ? '' : v.id}`}
      type="button"
      role="tab"
      aria-selected={selected(v)}
      className={selected(v) ? 'tab active' : 'tab'}
      onClick={() => controller.view(v)}
    >
      {label}
      {detail && <span className="muted"> {detail}</span>}
    </button>
  );
  const source = viewing.kind === 'source' ? task.source.find((s) => String(s.id) === viewing.id) : undefined;
  const other = viewing.kind === 'annotation' ? others.find((a) => String(a.id) === viewing.id) : undefined;
  const shown = source?.result ?? other?.result;
  return (
    <div className="annotation-tabs">
      <div role="tablist" aria-label="Annotations of this task" data-testid="annotation-tabs">
        {tab({ kind: 'mine' }, task.access.mode === 'edit' ? 'Your annotation' : 'Your view')}
        {others.map((a) =>
          tab({ kind: 'annotation', id: String(a.id) }, a.completedBy ?? 'Someone', when(a.updatedAt)),
        )}
        {task.source.map((s) =>
          tab(
            { kind: 'source', id: String(s.id) },
            s.kind === 'prediction' ? `Prediction: ${s.label}` : `From the task file: ${s.label}`,
            s.score !== undefined ? `score ${s.score.toFixed(2)}` : undefined,
          ),
        )}
      </div>
      {shown && (
        // Regions of tools this version does not draw yet are at least named (labels, counts).
        <p className="muted viewing-summary" data-testid="viewing-summary">
          {shown.length} {shown.length === 1 ? 'item' : 'items'}: {summarizeResult(shown)}
        </p>
      )}
      {source && task.access.mode === 'edit' && (
        <button
          type="button"
          className="primary"
          onClick={() => controller.startFrom(String(source.id))}
          data-testid="start-from"
        >
          Start from this {source.kind === 'prediction' ? 'prediction' : 'annotation'}
        </button>
      )}
    </div>
  );
}
