import { describe, expect, it } from 'vitest';
import type { Annotation, TaskExport } from './annotation-export.ts';
import { mergeTaskExport, sameJson } from './annotation-merge.ts';

const ME = 'alice@acme.example';
const BOB = 'bob@acme.example';

function ann(id: number | undefined, by: string | number, label: string): Annotation {
  const a: Annotation = {
    result: [{ id: 'r', from_name: 'c', to_name: 'text', type: 'choices', value: { choices: [label] } }],
    completed_by: typeof by === 'string' ? { email: by } : by,
  };
  return id === undefined ? a : { id, ...a };
}

function docOf(...annotations: Annotation[]): TaskExport {
  return { id: 7, data: { text: 'hello' }, annotations };
}

describe('mergeTaskExport', () => {
  it("keeps theirs' annotations and task fields, adds my new ones", () => {
    const base = docOf(ann(1, BOB, 'A'));
    const mine = docOf(ann(1, BOB, 'A'), ann(10, ME, 'X'));
    const theirs = {
      ...docOf(ann(1, BOB, 'A2'), ann(2, 'carol@acme.example', 'B')),
      meta: { reviewed: true },
    };
    const { doc, conflicts } = mergeTaskExport(base, mine, theirs, ME);
    expect(conflicts).toEqual([]);
    expect(doc).toEqual({
      ...theirs,
      annotations: [ann(1, BOB, 'A2'), ann(2, 'carol@acme.example', 'B'), ann(10, ME, 'X')],
    });
  });

  it('replaces my own annotation by id when only I changed it', () => {
    const base = docOf(ann(10, ME, 'X'), ann(1, BOB, 'A'));
    const mine = docOf(ann(10, ME, 'Y'), ann(1, BOB, 'A'));
    const theirs = docOf(ann(10, ME, 'X'), ann(1, BOB, 'A'), ann(2, BOB, 'B'));
    const { doc, conflicts } = mergeTaskExport(base, mine, theirs, ME);
    expect(conflicts).toEqual([]);
    expect(doc.annotations).toEqual([ann(10, ME, 'Y'), ann(1, BOB, 'A'), ann(2, BOB, 'B')]);
  });

  it('ignores what my copy says about other annotators (I cannot overwrite them)', () => {
    const base = docOf(ann(1, BOB, 'A'));
    const mine = docOf(ann(1, BOB, 'tampered'));
    const theirs = docOf(ann(1, BOB, 'A'));
    expect(mergeTaskExport(base, mine, theirs, ME).doc.annotations).toEqual([ann(1, BOB, 'A')]);
  });

  it('applies my deletion when nobody changed that annotation elsewhere', () => {
    const base = docOf(ann(10, ME, 'X'), ann(1, BOB, 'A'));
    const mine = docOf(ann(1, BOB, 'A'));
    const theirs = docOf(ann(10, ME, 'X'), ann(1, BOB, 'A'));
    const { doc, conflicts } = mergeTaskExport(base, mine, theirs, ME);
    expect(conflicts).toEqual([]);
    expect(doc.annotations).toEqual([ann(1, BOB, 'A')]);
  });

  it('is a no-op for an annotation my earlier, lost-response attempt already wrote', () => {
    const mine = docOf(ann(10, ME, 'X'));
    const theirs = docOf(ann(1, BOB, 'A'), ann(10, ME, 'X'));
    const { doc, conflicts } = mergeTaskExport(docOf(), mine, theirs, ME);
    expect(conflicts).toEqual([]);
    expect(doc.annotations).toEqual([ann(1, BOB, 'A'), ann(10, ME, 'X')]);
  });

  it('keeps a change made only elsewhere to an annotation of mine I did not touch', () => {
    const base = docOf(ann(10, ME, 'X'));
    const theirs = docOf(ann(10, ME, 'reviewed'));
    const { doc, conflicts } = mergeTaskExport(base, base, theirs, ME);
    expect(conflicts).toEqual([]);
    expect(doc.annotations).toEqual([ann(10, ME, 'reviewed')]);
  });

  it('reports a true conflict with both versions and keeps theirs in the document', () => {
    const base = docOf(ann(10, ME, 'X'));
    const mine = docOf(ann(10, ME, 'mine'));
    const theirs = docOf(ann(10, ME, 'theirs'));
    const { doc, conflicts } = mergeTaskExport(base, mine, theirs, ME);
    expect(conflicts).toEqual([
      {
        annotationId: 10,
        mine: ann(10, ME, 'mine'),
        theirs: ann(10, ME, 'theirs'),
        reason: 'changed-on-both-sides',
      },
    ]);
    expect(doc.annotations).toEqual([ann(10, ME, 'theirs')]);
  });

  it('reports a conflict when I deleted an annotation that was changed elsewhere', () => {
    const base = docOf(ann(10, ME, 'X'));
    const theirs = docOf(ann(10, ME, 'changed'));
    const { doc, conflicts } = mergeTaskExport(base, docOf(), theirs, ME);
    expect(conflicts).toEqual([
      {
        annotationId: 10,
        mine: null,
        theirs: ann(10, ME, 'changed'),
        reason: 'deleted-here-changed-elsewhere',
      },
    ]);
    expect(doc.annotations).toEqual([ann(10, ME, 'changed')]);
  });

  it('reports a conflict when I changed an annotation that was deleted elsewhere, and lets a plain deletion stand', () => {
    const base = docOf(ann(10, ME, 'X'), ann(11, ME, 'Y'));
    const mine = docOf(ann(10, ME, 'edited'), ann(11, ME, 'Y'));
    const { doc, conflicts } = mergeTaskExport(base, mine, docOf(), ME);
    expect(conflicts).toEqual([
      { annotationId: 10, mine: ann(10, ME, 'edited'), theirs: null, reason: 'deleted-elsewhere' },
    ]);
    expect(doc.annotations).toEqual([]);
  });

  it('reports a conflict when an id of mine appears elsewhere with different content and no base', () => {
    const { conflicts } = mergeTaskExport(null, docOf(ann(10, ME, 'X')), docOf(ann(10, ME, 'other')), ME);
    expect(conflicts.map((c) => c.reason)).toEqual(['changed-on-both-sides']);
  });

  it('reports a conflict, not a second annotation, when a new one of mine meets one of mine I never saw', () => {
    // Opened offline (the file unread), labelled again: S3 already holds my earlier annotation.
    const earlier = ann(10, ME, 'X');
    const again = ann(11, ME, 'Y');
    const theirs = docOf(ann(1, BOB, 'A'), earlier);
    const { doc, conflicts } = mergeTaskExport(null, docOf(again), theirs, ME);
    expect(doc.annotations).toEqual([ann(1, BOB, 'A'), earlier]);
    expect(conflicts).toEqual([
      { annotationId: 11, mine: again, theirs: earlier, reason: 'changed-on-both-sides' },
    ]);
    // Seen before (in base) and replaced by a new id: a replacement, no conflict.
    const replaced = mergeTaskExport(docOf(earlier), docOf(again), theirs, ME);
    expect(replaced.conflicts).toEqual([]);
    expect(replaced.doc.annotations).toEqual([ann(1, BOB, 'A'), again]);
  });

  it('keeps annotations without ids (Label Studio imports) verbatim and never claims them', () => {
    const legacy = ann(undefined, ME, 'legacy');
    const theirs = docOf(legacy, ann(undefined, 99999, 'old'));
    const mine = docOf(ann(10, ME, 'new'));
    const { doc, conflicts } = mergeTaskExport(theirs, mine, theirs, ME);
    expect(conflicts).toEqual([]);
    expect(doc.annotations).toEqual([legacy, ann(undefined, 99999, 'old'), ann(10, ME, 'new')]);
  });

  it('matches the annotator by email case-insensitively', () => {
    const base = docOf(ann(10, 'Alice@ACME.example', 'X'));
    const mine = docOf(ann(10, 'Alice@ACME.example', 'Y'));
    expect(mergeTaskExport(base, mine, base, ME).doc.annotations).toEqual([
      ann(10, 'Alice@ACME.example', 'Y'),
    ]);
  });

  it('writes my document when the file vanished and nothing of mine was there before', () => {
    const mine = docOf(ann(10, ME, 'X'));
    expect(mergeTaskExport(null, mine, null, ME)).toEqual({ doc: mine, conflicts: [] });
  });
});

describe('sameJson', () => {
  it('ignores key order and undefined members, not values', () => {
    expect(sameJson({ a: 1, b: [1, { c: 2, d: 3 }] }, { b: [1, { d: 3, c: 2 }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1, x: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson({ a: '1' }, { a: 1 })).toBe(false);
  });
});
