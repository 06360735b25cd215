import { fold, highlight } from '../../../server/content/search';

test('fold drops tone and vowel marks, đ becomes d, and keeps one character for one', () => {
  expect(fold('Đường Tuyên Quang')).toBe('duong tuyen quang');
  expect(fold('Đường Tuyên Quang').length).toBe('Đường Tuyên Quang'.length);
  expect(fold('Thủ tục hành chính')).toBe('thu tuc hanh chinh');
});

test('highlight marks the accented words a diacritic-free query matches, escaping the rest', () => {
  const r = highlight('<p>Tỉnh <b>Tuyên Quang</b> triển khai & ban hành quy chế</p>', 'tuyen quang quy che');
  expect(r.matched).toBe(true);
  expect(r.html).toBe(
    'Tỉnh <mark>Tuyên</mark> <mark>Quang</mark> triển khai &amp; ban hành <mark>quy</mark> <mark>chế</mark>',
  );
});

test('a long text is cut around the first match', () => {
  const r = highlight(`${'xa '.repeat(200)}Đường Lê Lợi ${'gan '.repeat(200)}`, 'duong', 60);
  expect(r.html.startsWith('… ')).toBe(true);
  expect(r.html).toContain('<mark>Đường</mark>');
  expect(r.html.endsWith(' …')).toBe(true);
});

test('only whole words are marked, and a cut text starts and ends between words', () => {
  const r = highlight(`${'mặc áo '.repeat(60)}trẻ em ở trên núi ${'xa xôi '.repeat(60)}`, 'tre em', 80);
  expect(r.html).toContain('<mark>trẻ</mark> <mark>em</mark>');
  expect(r.html).not.toContain('<mark>trê</mark>');
  expect(r.html).toMatch(/^… (mặc|áo) /);
  expect(r.html).toMatch(/ (xa|xôi) …$/);
});
