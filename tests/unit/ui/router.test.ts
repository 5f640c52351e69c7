import { describe, expect, it } from 'vitest';
import { matchPath } from '../../../src/ui/router.tsx';

describe('matchPath', () => {
  it('matches fixed paths exactly, with or without a trailing slash', () => {
    expect(matchPath('/programme', '/programme')).toEqual({});
    expect(matchPath('/programme', '/programme/')).toEqual({});
    expect(matchPath('/programme', '/programmes')).toBeNull();
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/', '/programme')).toBeNull();
  });

  it('reads :parameters, decoded', () => {
    expect(matchPath('/etapes/:id', '/etapes/abc-123')).toEqual({ id: 'abc-123' });
    expect(matchPath('/etapes/:id', '/etapes/Ch%C3%A9ly')).toEqual({ id: 'Chély' });
    expect(matchPath('/etapes/:id', '/etapes')).toBeNull();
    expect(matchPath('/etapes/:id', '/etapes/a/b')).toBeNull();
  });

  it('does not match a parameter that is not valid percent-encoding', () => {
    expect(matchPath('/etapes/:id', '/etapes/%E0%A4%A')).toBeNull();
  });
});
