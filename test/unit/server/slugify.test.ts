import { slugify } from '../../../server/text/slugify';

describe('slugify', () => {
  test.each([
    ['Đường Tuyên Quang', 'duong-tuyen-quang'],
    ['Sở Văn hóa, Thể thao và Du lịch', 'so-van-hoa-the-thao-va-du-lich'],
    ['  Hội nghị   sơ kết 6 tháng!! ', 'hoi-nghi-so-ket-6-thang'],
    ['ĐẠI HỘI ĐẢNG BỘ', 'dai-hoi-dang-bo'],
    // The same title in NFD (decomposed) gives the same slug.
    ['Tuyên Quang'.normalize('NFD'), 'tuyen-quang'],
    ['Nghị định 224/2026/NĐ-CP', 'nghi-dinh-224-2026-nd-cp'],
  ])('%s → %s', (input, expected) => expect(slugify(input)).toBe(expected));

  test('cuts long titles at a word boundary without a trailing hyphen', () => {
    const s = slugify('Một tiêu đề rất dài '.repeat(20), 30);
    expect(s.length).toBeLessThanOrEqual(30);
    expect(s.endsWith('-')).toBe(false);
  });
});
