import { hashString, integerBetween, seededRandom } from './seeded-random';

describe('seeded randomness', () => {
  it('repeats the same sequence for the same seed, within [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const sequence = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(sequence);
    expect(sequence.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(sequence).size).toBe(100);
    expect(seededRandom(43)()).not.toBe(sequence[0]);
  });

  it('hashes strings with FNV-1a', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('1:tmdb-278')).not.toBe(hashString('2:tmdb-278'));
  });

  it('draws integers covering both bounds', () => {
    const random = seededRandom(7);
    const drawn = new Set(Array.from({ length: 200 }, () => integerBetween(random, 1, 4)));
    expect([...drawn].sort()).toEqual([1, 2, 3, 4]);
  });
});
