/** The update notice rendered to markup in Node: what a screen reader is told. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { UpdateNoticeView } from './UpdateNotice.tsx';

describe('update notice', () => {
  it('is a status message that says what to do, with the version', () => {
    const html = renderToStaticMarkup(
      <UpdateNoticeView version="0.2.0" restarting={false} onRestart={() => {}} />,
    );
    expect(html).toContain('role="status"');
    expect(html.replace(/<[^>]+>/g, '')).toBe(
      'Update available — restart to install (version 0.2.0) Restart now',
    );
    expect(html).toMatch(/<button type="button">Restart now<\/button>/);
  });

  it('says it is restarting, and the button cannot be pressed twice', () => {
    const html = renderToStaticMarkup(<UpdateNoticeView version="0.2.0" restarting onRestart={() => {}} />);
    expect(html).toMatch(/<button type="button" disabled="">Restarting…<\/button>/);
  });
});
