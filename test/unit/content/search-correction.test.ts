import { editDistance, oneEditAway, slipRank } from '../../../server/content/search';

test('edit distance counts a swap of neighbours as one edit', () => {
  expect(editDistance('xuna', 'xuan')).toBe(1);
  expect(editDistance('quag', 'quang')).toBe(1);
  expect(editDistance('chuyn', 'chuyen')).toBe(1);
  expect(editDistance('kitten', 'sitting')).toBe(3);
  expect(editDistance('', 'abc')).toBe(3);
  expect(editDistance('same', 'same')).toBe(0);
});

test('every string one edit away: deletions, swaps, substitutions and insertions, not the word itself', () => {
  const e = oneEditAway('cia');
  expect(e).toEqual(expect.arrayContaining(['cai', 'ica', 'ca', 'ci', 'cua', 'chia', 'ciao']));
  expect(e).not.toContain('cia');
  expect(new Set(e).size).toBe(e.length);
  expect(e.every((x) => editDistance('cia', x) === 1)).toBe(true);
});

test('among equal edits, the likeliest slip comes first: a swap, a letter left out, one mistyped, one too many', () => {
  expect(slipRank('cahc', 'cach')).toBe(0);
  expect(slipRank('quag', 'quang')).toBe(1);
  expect(slipRank('quag', 'quai')).toBe(2);
  expect(slipRank('quag', 'qua')).toBe(3);
  expect(slipRank('cahc', 'cac')).toBe(3);
});
