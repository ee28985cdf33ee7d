import { describe, expect, it } from 'vitest';
import { basemapSettingSchema, parseStyleUrl } from './basemap';

describe('the address of an on-premises map style', () => {
  it('is accepted over https anywhere, and over plain http on this computer or a private network', () => {
    for (const url of [
      'https://maps.centre.internal/styles/region/style.json',
      'http://127.0.0.1:8080/style.json',
      'http://localhost:8080/style.json',
      'http://10.20.30.40/style.json',
      'http://172.16.0.9/style.json',
      'http://192.168.1.2:8000/styles/region/style.json?v=3',
      'http://[::1]:8080/style.json',
    ])
      expect(parseStyleUrl(url), url).toMatchObject({ ok: true, url });
    expect(parseStyleUrl('http://10.0.0.1:81/s.json')).toMatchObject({ origin: 'http://10.0.0.1:81' });
  });

  it('is refused, with the reason, where the map would cross a public network in clear or be read otherwise', () => {
    const refused: [string, RegExp][] = [
      [
        'http://maps.example.org/style.json',
        /plain http is accepted only to this computer or a private address/,
      ],
      ['http://172.32.0.1/style.json', /plain http is accepted only/],
      ['http://8.8.8.8/style.json', /plain http is accepted only/],
      ['ftp://10.0.0.1/style.json', /must start with https:\/\//],
      ['file:///etc/style.json', /must start with https:\/\//],
      ['https://user:pw@maps.centre.internal/style.json', /no user name or password/],
      ['https://maps.centre.internal/style.json#x', /without a # part/],
      ['https://maps.centre.internal/ style.json', /space or an invisible character/],
      ['https:\\\\maps.centre.internal\\style.json', /backslash/],
      [
        'HTTPS://Maps.Centre.Internal/style.json',
        /write the address as https:\/\/maps.centre.internal\/style.json/,
      ],
      ['http://127.1/style.json', /write the address as http:\/\/127.0.0.1\/style.json/],
      ['', /give the address of the map style/],
    ];
    for (const [url, message] of refused) {
      const result = parseStyleUrl(url);
      expect(result.ok, url).toBe(false);
      if (!result.ok) expect(result.message, url).toMatch(message);
    }
  });

  it('is checked in the setting the form sends, as is the tile file path', () => {
    expect(basemapSettingSchema.safeParse({ kind: 'style', url: 'http://8.8.8.8/s.json' }).success).toBe(
      false,
    );
    expect(basemapSettingSchema.safeParse({ kind: 'mbtiles', file: 'region.mbtiles' }).success).toBe(false);
    expect(
      basemapSettingSchema.safeParse({ kind: 'mbtiles', file: '//server/share/region.mbtiles' }).success,
    ).toBe(false);
    expect(
      basemapSettingSchema.safeParse({ kind: 'mbtiles', file: '/srv/maps/region.mbtiles' }).success,
    ).toBe(true);
    expect(basemapSettingSchema.safeParse({ kind: 'builtin', file: '/x' }).success).toBe(false);
  });
});
