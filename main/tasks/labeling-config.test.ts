import { describe, expect, it } from 'vitest';
import { fileModeField, OBJECT_TAGS, parseDataPath, parseLabelingConfig } from './labeling-config.ts';
import { galleryPresent, galleryTemplates } from './test-support/gallery.ts';

const boxes = `
<View>
  <Header value="Draw a box around each car"/>
  <Image name="photo" value="$image" zoom="true"/>
  <RectangleLabels name="bbox" toName="photo">
    <Label value="Car"/>
  </RectangleLabels>
  <Choices name="quality" toName="photo,caption" choice="single">
    <Choice value="Good" alias="good"/>
  </Choices>
  <Text name="caption" value="$meta.caption"/>
</View>`;

describe('parseLabelingConfig', () => {
  it('finds object tags with their data paths and control tags with their targets', () => {
    const config = parseLabelingConfig(boxes);
    expect(config.objects).toEqual([
      { tag: 'Image', name: 'photo', value: '$image', dataPath: { field: 'image', steps: [] } },
      {
        tag: 'Text',
        name: 'caption',
        value: '$meta.caption',
        dataPath: { field: 'meta', steps: ['caption'] },
      },
    ]);
    expect(config.controls).toEqual([
      { tag: 'RectangleLabels', name: 'bbox', toName: ['photo'], options: [{ value: 'Car' }] },
      {
        tag: 'Choices',
        name: 'quality',
        toName: ['photo', 'caption'],
        options: [{ value: 'Good', alias: 'good' }],
        choice: 'single',
      },
    ]);
    expect(config.tags).toEqual([
      'View',
      'Header',
      'Image',
      'RectangleLabels',
      'Label',
      'Choices',
      'Choice',
      'Text',
    ]);
  });

  it('keeps literal object values (instructions, banners) without a data path', () => {
    const config = parseLabelingConfig(
      '<View><Text name="help" value="Read carefully."/><Audio name="a" value="$audio"/></View>',
    );
    expect(config.objects.map((o) => o.dataPath)).toEqual([null, { field: 'audio', steps: [] }]);
  });

  it.each([
    ['<View><Image name="i" value="$image"></View>', /not well-formed XML/],
    ['<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><View>&e;</View>', /DOCTYPE or ENTITY/],
    ['<View><Text name="t" value="&xxe;"/></View>', /not well-formed XML/],
    ['<Image name="i" value="$image"/>', /must start with <View>, not <Image>/],
    ['', /is empty/],
    ['<View><Text name="t" value="$t">a<b></Text></View>', /not well-formed XML/],
    ['<View/><View/>', /not well-formed XML/],
    ['just text', /not well-formed XML|no root element/],
  ])('refuses %j', (xml, message) => {
    expect(() => parseLabelingConfig(xml)).toThrow(
      expect.objectContaining({ code: 'LABELING_CONFIG_INVALID', message: expect.stringMatching(message) }),
    );
  });
});

describe('parseDataPath', () => {
  it.each([
    ['$image', { field: 'image', steps: [] }],
    ['$images[0]', { field: 'images', steps: [0] }],
    ['$audio.url', { field: 'audio', steps: ['url'] }],
    ['$document[{{idx}}].page', { field: 'document', steps: ['{{idx}}', 'page'] }],
    ['$img-1', { field: 'img-1', steps: [] }],
    ['Describe the image:', null],
    ['$', null],
    ['price: $5', null],
  ])('%s → %j', (value, expected) => {
    expect(parseDataPath(value)).toEqual(expected);
  });
});

describe('fileModeField', () => {
  it('is the first object tag with a plain $field, skipping literal and nested values', () => {
    const config = parseLabelingConfig(
      '<View><Text name="help" value="Look"/><Text name="t" value="$meta.text"/><Audio name="a" value="$clip"/><Image name="i" value="$image"/></View>',
    );
    expect(fileModeField(config)).toBe('clip');
  });

  it('explains which object tags the config has when none can take a file', () => {
    expect(() =>
      fileModeField(parseLabelingConfig('<View><Image name="i" value="$pages[0]"/></View>')),
    ).toThrow(
      expect.objectContaining({
        code: 'LABELING_CONFIG_NO_DATA_FIELD',
        message: expect.stringContaining('<Image value="$pages[0]">'),
      }),
    );
  });
});

describe.skipIf(!galleryPresent)(
  'Label Studio template gallery (needs ../shared/data/label-studio-templates)',
  () => {
    const templates = galleryPresent ? galleryTemplates() : [];

    it('has the whole gallery', () => {
      expect(templates.length).toBe(131);
    });

    it.each(templates.map((t) => [t.path, t] as const))(
      '%s parses, its tags match INDEX.tsv, objects found',
      (_path, template) => {
        const config = parseLabelingConfig(template.config);
        expect([...config.tags].sort()).toEqual([...template.tags].sort());
        const expectedObjects = template.tags.filter((tag) => OBJECT_TAGS.has(tag));
        expect(expectedObjects.length).toBeGreaterThan(0);
        expect(new Set(config.objects.map((o) => o.tag))).toEqual(new Set(expectedObjects));
        // Every control points at an object tag the config declares (Repeater's templated names aside).
        const names = new Set(config.objects.map((o) => o.name));
        for (const control of config.controls)
          for (const target of control.toName)
            if (!target.includes('{{')) expect(names, `${control.tag} ${control.name}`).toContain(target);
      },
    );

    it('finds a data field for "every object is a task" mode in every template that reads one plain $field', () => {
      const withoutField = templates.filter((t) => {
        const config = parseLabelingConfig(t.config);
        return !config.objects.some((o) => o.dataPath && o.dataPath.steps.length === 0);
      });
      // Only the multi-page Repeater template reads nothing but templated paths ($document[{{idx}}].page).
      expect(withoutField.map((t) => t.path)).toEqual([expect.stringContaining('multipage-documents')]);
    });
  },
);
