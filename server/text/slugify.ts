/**
 * A URL slug from Vietnamese text: "Đường Tuyên Quang" → "duong-tuyen-quang".
 * Decomposes to NFD to drop the tone and vowel marks; đ has no decomposition, so it is mapped.
 */
export function slugify(text: string, maxLength = 120): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
}
