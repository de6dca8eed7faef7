import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  authorityName,
  distanceMiles,
  examplePostcode,
  isOutOfArea,
  locatePostcode,
  locateSector,
  normalisePostcode,
  postcodeSector,
  sectorsInArea,
  sectorsOutsideArea,
  upperTierOf,
} from './geography.ts';

const EAST_SUSSEX = 'E10000011';
const BRIGHTON_AND_HOVE = 'E06000043';

test('normalisePostcode puts a UK postcode in its standard form', () => {
  assert.equal(normalisePostcode('BN21 4AB'), 'BN21 4AB');
  assert.equal(normalisePostcode('bn214ab'), 'BN21 4AB');
  assert.equal(normalisePostcode('  bn21   4ab '), 'BN21 4AB');
  assert.equal(normalisePostcode('W1A1AA'), 'W1A 1AA'); // A9A
  assert.equal(normalisePostcode('m1 1ae'), 'M1 1AE'); // A9
  assert.equal(normalisePostcode('B33 8TH'), 'B33 8TH'); // A99
  assert.equal(normalisePostcode('CR2 6XH'), 'CR2 6XH'); // AA9
  assert.equal(normalisePostcode('SW1A 1AA'), 'SW1A 1AA'); // AA9A
  assert.equal(normalisePostcode('TN34 1AA'), 'TN34 1AA'); // AA99
});

test('normalisePostcode refuses what is not the shape of a postcode', () => {
  for (const bad of ['', '   ', 'BN21', 'BN21 4A', 'BN21 4ABC', '12345', 'BN21-4AB', 'BN21 4CA', 'BN21 4AI', '1N21 4AB', 'BNN21 4AB', 'BN21 AAB']) {
    assert.equal(normalisePostcode(bad), null, bad);
  }
  assert.equal(normalisePostcode(undefined), null);
  assert.equal(normalisePostcode(1234), null);
});

const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const inwardLetter = fc.constantFrom(...'ABDEFGHJLNPQRSTUWXYZ');
const digit = fc.constantFrom(...'0123456789');
const validPostcode = fc
  .tuple(
    fc.oneof(
      fc.tuple(letter, digit).map((p) => p.join('')),
      fc.tuple(letter, digit, digit).map((p) => p.join('')),
      fc.tuple(letter, letter, digit).map((p) => p.join('')),
      fc.tuple(letter, letter, digit, digit).map((p) => p.join('')),
      fc.tuple(letter, digit, letter).map((p) => p.join('')),
      fc.tuple(letter, letter, digit, letter).map((p) => p.join('')),
    ),
    fc.tuple(digit, inwardLetter, inwardLetter).map((p) => p.join('')),
  )
  .map(([outward, inward]) => `${outward} ${inward}`);

test('property: any case and spacing of a postcode normalises to the same form, and normalising twice changes nothing', () => {
  fc.assert(
    fc.property(validPostcode, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), fc.nat(3), (postcode, lower, spaces) => {
      const typed = [...postcode.replace(' ', '')].map((c, i) => (lower[i] ? c.toLowerCase() : c)).join('');
      const messy = `${' '.repeat(spaces)}${typed.slice(0, -3)}${' '.repeat(spaces)}${typed.slice(-3)}`;
      assert.equal(normalisePostcode(messy), postcode);
      assert.equal(normalisePostcode(postcode), postcode);
      assert.equal(postcodeSector(messy), postcode.slice(0, -2));
    }),
  );
});

test('postcodeSector is the outward code and the first digit of the inward code', () => {
  assert.equal(postcodeSector('bn21 4ab'), 'BN21 4');
  assert.equal(postcodeSector('M1 1AE'), 'M1 1');
  assert.equal(postcodeSector('not a postcode'), null);
});

test('locatePostcode finds the sector, its district and its upper-tier council', () => {
  assert.deepEqual(locatePostcode('BN21 4AB'), {
    sector: 'BN21 4',
    easting: 560177,
    northing: 98912,
    ltlaCode: 'E07000061', // Eastbourne
    utlaCode: EAST_SUSSEX,
  });
  assert.deepEqual(locatePostcode('BN1 1AA'), { sector: 'BN1 1', easting: 531080, northing: 104321, ltlaCode: BRIGHTON_AND_HOVE, utlaCode: BRIGHTON_AND_HOVE });
  assert.equal(locatePostcode('M1 1AE')?.utlaCode, 'E08000003'); // Manchester
  assert.equal(locateSector('bn21  4')?.sector, 'BN21 4');
});

test('an unknown sector or a malformed postcode locates nowhere', () => {
  assert.equal(locatePostcode('ZZ99 9ZZ'), null); // the right shape, but no such sector
  assert.equal(locatePostcode('BN21'), null);
  assert.equal(locatePostcode(''), null);
  assert.equal(locateSector('ZZ99 9'), null);
});

test('distance from Eastbourne to Hastings, by the SSDA903 rule', () => {
  // BN21 4 centroid (560177, 98912); TN34 1 centroid (581312, 109758).
  // dE = 21135, dN = 10846; dE² + dN² = 446,688,225 + 117,635,716 = 564,323,941
  // sqrt = 23,755.5 m = 23.7555 km; / 1.6093 = 14.761 miles -> 14.8
  assert.equal(distanceMiles('BN21 4AB', 'TN34 1AA'), 14.8);
  assert.equal(distanceMiles('tn341aa', 'bn21 4ab'), 14.8);
  assert.equal(distanceMiles('BN21 4AB', 'BN21 4ZZ'), 0); // same sector
});

test('distance from Eastbourne to central Manchester, far enough for the divisor to show', () => {
  // M1 1 centroid (384460, 398429): dE = −175717, dN = 299517;
  // dE² + dN² = 30,876,464,089 + 89,710,433,289 = 120,586,897,378; sqrt = 347,256.2 m
  // 347.2562 km / 1.6093 = 215.78 miles -> 215.8 (dividing by 1.609 would give 215.82 -> 215.8 too, but by 1.6 gives 217.0)
  assert.equal(distanceMiles('BN21 4AB', 'M1 1AE'), 215.8);
  // SW1A 1 centroid (529259, 179826): dE = −30918, dN = 80914; sqrt(955,922,724 + 6,547,075,396) = 86,619.8 m
  // 86.6198 / 1.6093 = 53.82 -> 53.8 (by 1.609: 53.83 -> 53.8; by 1.6: 54.1)
  assert.equal(distanceMiles('BN21 4AB', 'SW1A 1AA'), 53.8);
  // AL1 5 (St Albans) centroid (516656, 206725): dE = −43521, dN = 107813;
  // sqrt(1,894,077,441 + 11,623,642,969) = sqrt(13,517,720,410) = 116,265.7 m
  // 116.2657 / 1.6093 = 72.246 -> 72.2, where dividing by 1.609 would give 72.26 -> 72.3
  assert.equal(distanceMiles('BN21 4AB', 'AL1 5AA'), 72.2);
});

test('distance is null when either end cannot be placed, or the two are on different national grids', () => {
  assert.equal(distanceMiles('BN21 4AB', 'ZZ99 9ZZ'), null);
  assert.equal(distanceMiles('nonsense', 'TN34 1AA'), null);
  assert.equal(distanceMiles('BN21 4AB', 'BT1 1AA'), null); // Belfast is on the Irish Grid
  assert.equal(typeof distanceMiles('BT1 1AA', 'BT7 1NN'), 'number');
});

const eastSussex = sectorsInArea(EAST_SUSSEX);
const elsewhere = sectorsOutsideArea(EAST_SUSSEX);

test('property: distance is symmetric, never negative, to one decimal place, and zero to itself', () => {
  const anySector = fc.constantFrom(...eastSussex, ...elsewhere.filter((_, i) => i % 37 === 0));
  fc.assert(
    fc.property(anySector, anySector, (a, b) => {
      const pa = `${a}AB`;
      const pb = `${b}AB`;
      const ab = distanceMiles(pa, pb);
      assert.equal(ab, distanceMiles(pb, pa));
      assert.equal(distanceMiles(pa, pa), 0);
      if (ab !== null) {
        assert.ok(ab >= 0);
        assert.equal(Math.round(ab * 10) / 10, ab);
      } else {
        assert.notEqual(a.startsWith('BT'), b.startsWith('BT'));
      }
    }),
  );
});

test('a postcode in the council’s own county is in area, whichever district it is in', () => {
  assert.equal(isOutOfArea('BN21 4AB', EAST_SUSSEX), false); // Eastbourne
  assert.equal(isOutOfArea('TN34 1AA', EAST_SUSSEX), false); // Hastings
  // A district's code is read as its county's.
  assert.equal(upperTierOf('E07000062'), EAST_SUSSEX);
  assert.equal(isOutOfArea('BN21 4AB', 'E07000062'), false);
});

test('Brighton and Hove (a unitary council) and London are out of East Sussex’s area', () => {
  assert.equal(isOutOfArea('BN1 1AA', EAST_SUSSEX), true);
  assert.equal(isOutOfArea('SW1A 1AA', EAST_SUSSEX), true);
  assert.equal(isOutOfArea('BN1 1AA', BRIGHTON_AND_HOVE), false);
  assert.equal(isOutOfArea('BN21 4AB', BRIGHTON_AND_HOVE), true);
});

test('out of area is unknown (null) for an unknown sector or a malformed postcode', () => {
  assert.equal(isOutOfArea('ZZ99 9ZZ', EAST_SUSSEX), null);
  assert.equal(isOutOfArea('BN21', EAST_SUSSEX), null);
});

test('sectors in and outside an area split the country between them', () => {
  assert.ok(eastSussex.includes('BN21 4') && eastSussex.includes('TN34 1'));
  assert.ok(!eastSussex.includes('BN1 1') && elsewhere.includes('BN1 1'));
  assert.ok(eastSussex.length > 50);
  for (const sector of eastSussex) assert.equal(locateSector(sector)?.utlaCode, EAST_SUSSEX, sector);
  assert.equal(eastSussex.filter((s) => elsewhere.includes(s)).length, 0);
  assert.deepEqual(eastSussex, [...eastSussex].sort());
  assert.deepEqual(sectorsInArea('E07000061'), eastSussex); // a district means its county
  assert.deepEqual(sectorsInArea('E99999999'), []);
});

test('authorityName names councils from the ONS lookup', () => {
  assert.equal(authorityName(EAST_SUSSEX), 'East Sussex');
  assert.equal(authorityName('E07000061'), 'Eastbourne');
  assert.equal(authorityName(BRIGHTON_AND_HOVE), 'Brighton and Hove');
  assert.equal(authorityName('E99999999'), null);
});

test('property: an example postcode for any listed sector is well formed and locates to that sector', () => {
  fc.assert(
    fc.property(fc.constantFrom(...eastSussex, ...elsewhere), fc.infiniteStream(fc.nat()), (sector, stream) => {
      const randomInt = (min: number, max: number) => min + (stream.next().value % (max - min + 1));
      const postcode = examplePostcode(sector, randomInt);
      assert.equal(normalisePostcode(postcode), postcode);
      assert.equal(locatePostcode(postcode)?.sector, sector);
    }),
  );
  assert.throws(() => examplePostcode('BN21 4', () => 99), RangeError);
  assert.throws(() => examplePostcode('not a sector', () => 0), RangeError);
});
