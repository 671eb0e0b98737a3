/**
 * A View's `style` attribute as a React style object. Config authors write plain CSS
 * (`display: flex; margin-right: 1em`); anything that could fetch or run something (url(), expression(),
 * javascript:, @import, behaviors/bindings) is dropped, as are names that are not CSS properties.
 */
export type StyleObject = Record<string, string>;

const UNSAFE = /url\s*\(|expression\s*\(|javascript:|@import|behavior|binding|[<>]/i;

export function parseStyle(text: string | undefined): StyleObject {
  const out: StyleObject = {};
  if (!text) return out;
  for (const declaration of text.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const name = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration
      .slice(colon + 1)
      .trim()
      .replace(/\s*!important$/i, '');
    if (!/^-?[a-z][a-z-]*$/.test(name) || value === '' || UNSAFE.test(name) || UNSAFE.test(value)) continue;
    // Custom properties aside, React wants camelCase (vendor prefixes: -webkit-x -> WebkitX).
    const key = name.replace(/^-(?=[a-z])/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    out[
      name.startsWith('-webkit-') || name.startsWith('-moz-')
        ? key.charAt(0).toUpperCase() + key.slice(1)
        : key
    ] = value;
  }
  return out;
}
