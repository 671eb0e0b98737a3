/** The region list rendered to markup in Node: what a keyboard and a screen reader get. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { REGION_PAGE, RegionList, type RegionRow } from './RegionList.tsx';

const row = (i: number, extra: Partial<RegionRow> = {}): RegionRow => ({
  id: `r${i}`,
  kind: 'Rectangle',
  labels: [i % 2 ? 'Car' : 'Bus'],
  hidden: false,
  locked: false,
  readOnly: false,
  ...extra,
});
const noop = () => {};
const render = (rows: RegionRow[], selectedId: string | null, readOnly = false) =>
  renderToStaticMarkup(
    <RegionList
      label="Regions of image"
      rows={rows}
      selectedId={selectedId}
      labelChoices={['Bus', 'Car']}
      readOnly={readOnly}
      onSelect={noop}
      onToggleHidden={noop}
      onToggleLocked={noop}
      onDelete={noop}
      onRelabel={noop}
    />,
  );

describe('region list', () => {
  it('names each row by its labels and kind, one tab stop, the selected one pressed with a relabel select', () => {
    const html = render([row(1), row(2, { score: 0.875 }), row(3, { hidden: true, locked: true })], 'r2');
    expect(html).toContain('aria-label="Regions of image"');
    expect(html.match(/tabindex="0"/g)).toHaveLength(1);
    expect(html).toMatch(/aria-pressed="true" tabindex="0">Bus · Rectangle</);
    expect(html).toContain('score 0.88');
    expect(html).toContain('aria-label="Label of Bus · Rectangle"');
    expect(html).toContain('aria-label="Show Car · Rectangle"');
    expect(html).toContain('aria-label="Unlock Car · Rectangle"');
    // A locked region cannot be deleted.
    expect(html).toMatch(/aria-label="Delete Car · Rectangle" disabled=""/);
    // Two labels in use: a filter; several rows: an order.
    expect(html).toContain('every label');
    expect(html).toContain('by label');
  });

  it('renders a first page of thousands of rows, and the selected row wherever it is', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => row(i));
    const html = render(rows, null);
    expect(html.match(/<li /g)).toHaveLength(REGION_PAGE);
    expect(html).toContain(`Show ${REGION_PAGE} more of ${5000 - REGION_PAGE}`);
    const far = render(rows, 'r4321');
    expect(far).toContain('data-region-id="r4321"');
    expect(far.match(/<li /g)).toHaveLength(4322);
  });

  it('read-only: no relabel, no delete, no lock', () => {
    const html = render([row(1)], 'r1', true);
    expect(html).not.toContain('Label of');
    expect(html).toMatch(/aria-label="Delete Car · Rectangle" disabled=""/);
    expect(html).toMatch(/aria-label="Lock Car · Rectangle" disabled=""/);
  });
});
