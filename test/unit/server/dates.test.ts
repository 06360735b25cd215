import { vietnameseLongDate } from '../../../server/render/helpers';

test('a long date reads as Vietnamese documents write it, in Vietnam time', () => {
  expect(vietnameseLongDate(new Date('2026-11-15T20:00:00Z'))).toBe('16 tháng 11 năm 2026'); // 03:00 on the 16th in Hà Nội
  expect(vietnameseLongDate(new Date('2026-01-05T03:00:00Z'))).toBe('5 tháng 1 năm 2026');
});
