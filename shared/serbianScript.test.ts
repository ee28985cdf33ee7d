import { describe, expect, it } from 'vitest';
import { latinToCyrillic, namespaceToCyrillic } from './serbianScript';

describe('Serbian Latin to Cyrillic', () => {
  it('maps letters and the three digraphs, keeping case', () => {
    expect(latinToCyrillic('Ljubljana, njiva, džep, Đorđe, Čačak, šećer, Žužemberk')).toBe(
      'Љубљана, њива, џеп, Ђорђе, Чачак, шећер, Жужемберк',
    );
    expect(latinToCyrillic('Granična policija')).toBe('Гранична полиција');
  });

  it('leaves placeholders, nesting, codes and foreign words in Latin letters', () => {
    expect(latinToCyrillic('{{count}} jedinica u {{sectorName}}')).toBe(
      '{{count}} јединица у {{sectorName}}',
    );
    expect(latinToCyrillic('P{{priority}} i {{count}} min')).toBe('P{{priority}} и {{count}} мин');
    expect(latinToCyrillic('$t(common:none) do UTC')).toBe('$t(common:none) до UTC');
    expect(latinToCyrillic('Izvoz u CSV ili GeoJSON, SIENA broj, P1, Ctrl+K, Frontex')).toBe(
      'Извоз у CSV или GeoJSON, SIENA број, P1, Ctrl+K, Frontex',
    );
  });

  it('leaves what is typed as it is: command-line options, commands, file types', () => {
    expect(latinToCyrillic('--offline traži --store DATOTEKA; --token-file, ne --token')).toBe(
      '--offline тражи --store ДАТОТЕКА; --token-file, не --token',
    );
    expect(latinToCyrillic('komandom „chmod 600 {{path}}“ (ps), datoteka .mbtiles, HTTP 404')).toBe(
      'командом „chmod 600 {{path}}“ (ps), датотека .mbtiles, HTTP 404',
    );
  });

  it('transliterates Serbian words in capitals, not acronyms', () => {
    expect(latinToCyrillic('VEŽBA · NEMA OPERACIJE · SAMO ČITANJE')).toBe(
      'ВЕЖБА · НЕМА ОПЕРАЦИЈЕ · САМО ЧИТАЊЕ',
    );
    expect(latinToCyrillic('LJUBLJANA i NJIVA')).toBe('ЉУБЉАНА и ЊИВА');
    expect(latinToCyrillic('PEM, HTML, 3 MB, kod XK')).toBe('PEM, HTML, 3 MB, код XK');
    expect(latinToCyrillic('Podešavanja (Ctrl+,), Enter ili Esc')).toBe('Подешавања (Ctrl+,), Enter или Esc');
  });

  it('transliterates the values of a namespace, never its keys', () => {
    expect(namespaceToCyrillic({ title: 'Jedinice', nested: { lost: 'izgubljena veza' } })).toEqual({
      title: 'Јединице',
      nested: { lost: 'изгубљена веза' },
    });
  });
});
