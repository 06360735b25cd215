import { editDistance } from '../../../server/content/search';

test('edit distance counts a swap of neighbours as one edit', () => {
  expect(editDistance('xuna', 'xuan')).toBe(1);
  expect(editDistance('quag', 'quang')).toBe(1);
  expect(editDistance('chuyn', 'chuyen')).toBe(1);
  expect(editDistance('kitten', 'sitting')).toBe(3);
  expect(editDistance('', 'abc')).toBe(3);
  expect(editDistance('same', 'same')).toBe(0);
});
