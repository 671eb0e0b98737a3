import { describe, expect, it } from 'vitest';
import { parseStyle } from './view-style.ts';

describe('parseStyle', () => {
  it('turns config CSS into a React style object (flex layouts work)', () => {
    expect(
      parseStyle('display: flex; flex-direction:column ;margin-right: 1em; -webkit-line-clamp: 2;'),
    ).toEqual({
      display: 'flex',
      flexDirection: 'column',
      marginRight: '1em',
      WebkitLineClamp: '2',
    });
  });

  it('drops what could load or run something, and non-properties', () => {
    expect(
      parseStyle(
        'background: url(https://evil.example/x.png); width: expression(alert(1)); color: red !important; }{x: 1; : 3; height',
      ),
    ).toEqual({ color: 'red' });
  });
});
