import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalisePostcode, teamSchema } from './rules.ts';
import { pagination, queryString } from '../../platform/http/paging.ts';

describe('postcodes', () => {
  test('real postcode shapes are normalised to upper case with one space', () => {
    const cases: Record<string, string> = {
      'bn7 1ue': 'BN7 1UE',
      BN71UE: 'BN7 1UE',
      ' tn34   1aa ': 'TN34 1AA',
      'ec1a1bb': 'EC1A 1BB',
      'w1a 0ax': 'W1A 0AX',
      'm1 1ae': 'M1 1AE',
      'B33 8TH': 'B33 8TH',
      'gir0aa': 'GIR 0AA',
    };
    for (const [input, expected] of Object.entries(cases)) assert.equal(normalisePostcode(input), expected, input);
  });

  test('other text is refused', () => {
    for (const bad of ['', 'BN7', 'BN7 1U', '1BN 7UE', 'BN7 UE1', 'BN77 1UE1', 'ABC1 1AA', 'BN7-1UE', 'hello world']) {
      assert.equal(normalisePostcode(bad), null, bad);
    }
  });

  test('the team form names the postcode field with the GOV.UK wording', () => {
    const result = teamSchema.safeParse({ name: 'Team', serviceId: 'x', basePostcode: 'nowhere' });
    assert.equal(result.success, false);
    assert.deepEqual(
      result.error!.issues.map((i) => [i.path[0], i.message]),
      [['basePostcode', 'Enter a real postcode, like BN7 1UE']],
    );
  });
});

describe('pagination', () => {
  const href = (n: number) => `/p?page=${n}`;

  test('one page has no pagination', () => {
    assert.equal(pagination(1, 1, href), undefined);
  });

  test('first, last and neighbours of the current page, with ellipses between', () => {
    const p = pagination(5, 10, href)!;
    assert.deepEqual(
      p.items.map((i) => (i.ellipsis ? '…' : i.current ? `[${i.number}]` : String(i.number))),
      ['1', '…', '4', '[5]', '6', '…', '10'],
    );
    assert.equal(p.previous?.href, '/p?page=4');
    assert.equal(p.next?.href, '/p?page=6');
  });

  test('no previous link on the first page, no next link on the last', () => {
    assert.equal(pagination(1, 3, href)!.previous, undefined);
    assert.equal(pagination(3, 3, href)!.next, undefined);
    assert.deepEqual(
      pagination(1, 3, href)!.items.map((i) => i.number),
      [1, 2, 3],
    );
  });

  test('links keep filters and leave out empty ones', () => {
    assert.equal(queryString({ q: 'jo bloggs', role: '', team: undefined, page: 2 }), '?q=jo+bloggs&page=2');
    assert.equal(queryString({ q: '' }), '');
  });
});
