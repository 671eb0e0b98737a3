/**
 * The views rendered to markup in Node (react-dom/server: no window, no DOM): what a screen reader and
 * a keyboard get from a config and a document, and that readOnly and perRegion are honoured.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { bindConfig, classifyValue } from '../../../core/labeling/bind-config.ts';
import { decodeResult } from '../../../core/labeling/codec.ts';
import { parseLabelingConfig } from '../../../core/labeling/parse-config.ts';
import { ConfigView } from './ConfigView.tsx';
import { DocumentStore } from './model/document-store.ts';
import { History } from './model/history.ts';
import { ShortcutsSheet } from './ShortcutsSheet.tsx';
import { buildHotkeyTable } from './model/hotkeys.ts';

const xml = `<View>
  <View style="display: flex; background: url(https://x.example/a.png)">
    <Text name="txt" value="$text"/>
    <List name="results" value="$items" title="Search results"/>
  </View>
  <Header value="How does it sound?"/>
  <Choices name="sentiment" toName="txt" choice="single-radio" required="true">
    <Choice value="Positive" alias="pos"/><Choice value="Negative" hotkey="n"/>
  </Choices>
  <Choices name="attr" toName="txt" perRegion="true"><Choice value="Big"/></Choices>
  <RectangleLabels name="bbox" toName="txt"><Label value="Car"/></RectangleLabels>
  <TextArea name="notes" toName="txt" rows="3" placeholder="Notes" editable="true"/>
  <Rating name="stars" toName="txt" maxRating="4"/>
  <Number name="count" toName="txt" min="0" max="10"/>
  <DateTime name="when" toName="txt" only="date"/>
  <Taxonomy name="topic" toName="txt"><Choice value="Science"><Choice value="Physics"/></Choice></Taxonomy>
  <Ranker name="rank" toName="results"/>
  <View visibleWhen="choice-selected" whenTagName="sentiment" whenChoiceValue="Negative">
    <Header value="Why negative?"/>
  </View>
</View>`;

const config = bindConfig(
  parseLabelingConfig(xml),
  {
    text: '<b>Hello</b> world',
    items: [
      { id: 'a', title: 'First', body: 'one' },
      { id: 'b', title: 'Second', body: 'two' },
    ],
  },
  classifyValue,
);

function render(result: unknown[], readOnly = false) {
  const store = new DocumentStore(decodeResult(result).records);
  return renderToStaticMarkup(
    <ConfigView
      config={config}
      store={store}
      history={new History(store)}
      readOnly={readOnly}
      projectId="p"
    />,
  );
}

const chosen = [
  { id: 's', from_name: 'sentiment', to_name: 'txt', type: 'choices', value: { choices: ['pos'] } },
  { id: 'n', from_name: 'notes', to_name: 'txt', type: 'textarea', value: { text: ['given one'] } },
  { id: 'r', from_name: 'stars', to_name: 'txt', type: 'rating', value: { rating: 3 } },
  { id: 'd', from_name: 'when', to_name: 'txt', type: 'datetime', value: { datetime: '2024-05-01' } },
  { id: 'k', from_name: 'rank', to_name: 'results', type: 'ranker', value: { ranker: { rank: ['b', 'a'] } } },
];

describe('ConfigView', () => {
  it('labels each control from the Header before it, else its name, with the required mark', () => {
    const html = render([]);
    expect(html).toContain('<legend class="ws-sr">How does it sound?');
    expect(html).toContain('(required)');
    expect(html).toMatch(/<legend>notes<\/legend>/);
    expect(html).toContain('role="radiogroup"');
  });

  it('shows task text as text, and a safe layout style', () => {
    const html = render([]);
    expect(html).toContain('&lt;b&gt;Hello&lt;/b&gt; world');
    expect(html).toContain('style="display:flex"');
    expect(html).not.toContain('x.example');
  });

  it('reflects the document: chosen radio, given texts, stars, date, ranked order', () => {
    const html = render(chosen);
    expect(html).toMatch(/<input type="radio"[^>]*checked=""[^>]*\/><span>Positive/);
    expect(html).not.toMatch(/<input type="radio"[^>]*checked=""[^>]*\/><span>Negative/);
    expect(html).toContain('given one');
    expect(html.match(/class="ws-star on"/g)).toHaveLength(3);
    expect(html).toContain('value="2024-05-01"');
    expect(html.indexOf('Second')).toBeLessThan(html.indexOf('First'));
  });

  it('perRegion controls need a selected region; tags it cannot edit get no inputs', () => {
    const html = render([]);
    expect(html).not.toContain('data-control="attr"');
    expect(html).not.toContain('data-control="bbox"');
  });

  it('visibleWhen hides a View until its choice is made', () => {
    expect(render([])).not.toContain('Why negative?');
    const negative = [
      { id: 's', from_name: 'sentiment', to_name: 'txt', type: 'choices', value: { choices: ['Negative'] } },
    ];
    expect(render(negative)).toContain('Why negative?');
  });

  it('readOnly disables every input and offers no remove or add', () => {
    const html = render(chosen, true);
    const inputs = html.match(/<(input|textarea|select)\b[^>]*>/g) ?? [];
    const editing = inputs.filter((tag) => !tag.includes('type="search"'));
    expect(editing.length).toBeGreaterThan(5);
    for (const tag of editing) expect(tag).toMatch(/disabled=""/);
    expect(html).not.toContain('Remove text');
    expect(html).not.toContain('>Add<');
  });

  it('shows hotkeys beside choices, and the sheet lists the same table', () => {
    const table = buildHotkeyTable(config.root);
    expect(render([])).toContain('<kbd class="ws-kbd" aria-label="shortcut N">N</kbd>');
    const sheet = renderToStaticMarkup(<ShortcutsSheet table={table} mac={false} onClose={() => {}} />);
    expect(sheet).toContain('Ctrl+Enter');
    expect(sheet).toContain('sentiment: Negative');
  });
});
