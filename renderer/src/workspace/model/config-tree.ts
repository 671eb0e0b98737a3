/** Walks of the bound config tree that the model needs (controls by name, in document order). */
import type { ConfigNode, ControlNode, ObjectNode } from '../../../../core/labeling/config-model.ts';

export function* walk(node: ConfigNode): Generator<ConfigNode> {
  yield node;
  if (node.kind === 'view' || node.kind === 'other') for (const child of node.children) yield* walk(child);
}

export function controlsOf(root: ConfigNode): ControlNode[] {
  return [...walk(root)].filter((n): n is ControlNode => n.kind === 'control');
}

export function controlsByName(root: ConfigNode): Map<string, ControlNode> {
  return new Map(controlsOf(root).map((c) => [c.name, c]));
}

export function objectsByName(root: ConfigNode): Map<string, ObjectNode> {
  const out = new Map<string, ObjectNode>();
  for (const n of walk(root)) if (n.kind === 'object') out.set(n.name, n);
  return out;
}
