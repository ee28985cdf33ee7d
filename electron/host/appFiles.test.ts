import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, resolveAppFile } from './appFiles';

const RENDERER = join('/srv', 'app', 'renderer');
const GEO = join('/srv', 'app', 'geo');

describe('resolveAppFile', () => {
  it('maps the page, its assets and the map data', () => {
    expect(resolveAppFile('/', RENDERER, GEO)).toBe(join(RENDERER, 'index.html'));
    expect(resolveAppFile('/assets/index-1.js', RENDERER, GEO)).toBe(join(RENDERER, 'assets', 'index-1.js'));
    expect(resolveAppFile('/geo/countries.json', RENDERER, GEO)).toBe(join(GEO, 'countries.json'));
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/geo/../../package.json',
    '/geo/%2e%2e%2f%2e%2e%2fsecret',
    '/assets/../../x',
    '/%E0%A4%A',
  ])('refuses %s', (path) => {
    expect(resolveAppFile(path, RENDERER, GEO)).toBeNull();
  });

  it('names content types, with a safe default', () => {
    expect(contentTypeOf('a.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('a.exe')).toBe('application/octet-stream');
  });
});
