// The project root holds themes/ and migrations/. Code runs from the sources (tsx, jest) and
// from dist/ (production), so find the root by its package.json instead of counting "../".
import fs from 'node:fs';
import path from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'themes'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`Không tìm thấy thư mục gốc của dự án từ ${start}`);
    dir = up;
  }
}

export const projectRoot = findRoot(__dirname);
export const themesDir = path.join(projectRoot, 'themes');
