/**
 * Task HTML made safe to show (HyperText): parsed inertly (DOMParser: nothing runs, nothing loads),
 * then only harmless structure is kept. Removed with their content: script, style, iframe, object,
 * embed, form controls, media, svg, math, template, link, meta. Kept elements lose every attribute
 * but a few inert ones (no on* handlers, no style, no src/href: nothing can load or navigate).
 * Elements outside the list are unwrapped (their text stays). The app's CSP is the second wall.
 */
const DROP = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'link',
  'meta',
  'base',
  'template',
  'noscript',
  'svg',
  'math',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'option',
  'img',
  'picture',
  'video',
  'audio',
  'source',
  'track',
  'canvas',
  'portal',
  'head',
  'title',
]);
const KEEP = new Set([
  'p',
  'div',
  'span',
  'b',
  'i',
  'em',
  'strong',
  'u',
  's',
  'small',
  'mark',
  'sub',
  'sup',
  'br',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'pre',
  'code',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'caption',
  'a',
  'abbr',
  'cite',
  'q',
  'time',
  'article',
  'section',
  'header',
  'footer',
  'main',
  'aside',
  'nav',
  'figure',
  'figcaption',
  'address',
  'del',
  'ins',
  'kbd',
  'samp',
  'var',
  'wbr',
  'label',
  'font',
  'center',
]);
const ATTRIBUTES = new Set(['colspan', 'rowspan', 'title', 'lang', 'dir']);

export function sanitizeHtml(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  clean(doc.body);
  return doc.body.innerHTML;
}

function clean(parent: Element): void {
  for (const child of [...parent.childNodes]) {
    if (child.nodeType === Node.COMMENT_NODE || child.nodeType === Node.PROCESSING_INSTRUCTION_NODE) {
      child.remove();
      continue;
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue;
    const el = child as Element;
    const name = el.localName;
    if (DROP.has(name) || el.namespaceURI !== 'http://www.w3.org/1999/xhtml') {
      el.remove();
      continue;
    }
    clean(el);
    if (!KEEP.has(name)) {
      el.replaceWith(...el.childNodes);
      continue;
    }
    for (const attr of [...el.attributes]) if (!ATTRIBUTES.has(attr.name)) el.removeAttribute(attr.name);
  }
}
