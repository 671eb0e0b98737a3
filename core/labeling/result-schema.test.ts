import { describe, expect, it } from 'vitest';
import { checkResultItem, RESULT_TYPES } from './result-schema.ts';
import { RESULT_SAMPLES } from './test-support/result-samples.ts';

describe('result schemas', () => {
  it('cover every result type the brief names, each with a sample', () => {
    expect([...RESULT_TYPES].sort()).toEqual(Object.keys(RESULT_SAMPLES).sort());
  });

  it.each(Object.entries(RESULT_SAMPLES))(
    'accepts a %s item and keeps every key, unknown ones too',
    (type, sample) => {
      const withExtra = { ...sample, readonly: false, future_field: { kept: true } };
      const checked = checkResultItem(withExtra);
      expect(checked).toEqual({ ok: true, type, item: withExtra });
    },
  );

  it('keeps unknown keys inside value too', () => {
    const item = {
      ...RESULT_SAMPLES.rectanglelabels,
      value: { x: 1, y: 1, width: 1, height: 1, rectanglelabels: ['A'], score: 0.5 },
    };
    const checked = checkResultItem(item);
    expect(checked.ok && checked.item.value).toEqual(item.value);
  });

  it.each([[['Positive', 2]], [[1]], [[['Animal', 'Cat'], ['Animal']]]])(
    'accepts choices %j (numbers and nested paths are legal)',
    (choices) => {
      expect(checkResultItem({ from_name: 'c', to_name: 't', type: 'choices', value: { choices } }).ok).toBe(
        true,
      );
    },
  );

  it.each([
    [{ ...RESULT_SAMPLES.choices, value: { choices: 'Positive' } }, /choices/],
    [
      {
        ...RESULT_SAMPLES.rectanglelabels,
        value: { x: '3', y: 1, width: 1, height: 1, rectanglelabels: [] },
      },
      /value\.x/,
    ],
    [{ ...RESULT_SAMPLES.rating, from_name: 7 }, /from_name/],
    [{ type: 'relation', from_id: 'a' }, /to_id/],
  ])('refuses a broken known item, naming the field: %j', (item, where) => {
    const checked = checkResultItem(item);
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.known).toBe(true);
      expect(checked.message).toMatch(where);
    }
  });

  it('says an unknown type is unknown (to be kept verbatim), not broken', () => {
    expect(checkResultItem({ type: 'cuboid', value: {} })).toEqual({
      ok: false,
      known: false,
      message: 'result type "cuboid" is not one this app reads',
    });
    expect(checkResultItem(['not', 'an', 'object'])).toMatchObject({ ok: false, known: false });
  });
});
