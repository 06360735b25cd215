// npm run theme:check -- <theme folder> [<theme folder> …]: the theme linter
// (server/render/theme-check.ts). Exits 1 when a theme has a problem, listing every one.
import { checkTheme } from '../render/theme-check';

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error('Cách dùng: npm run theme:check -- themes/<tên> [themes/<tên> …]');
  process.exit(2);
}
let failed = 0;
for (const dir of dirs) {
  const problems = checkTheme(dir);
  if (problems.length === 0) {
    console.log(`${dir}: đạt`);
    continue;
  }
  failed++;
  console.log(`${dir}: ${problems.length} vấn đề`);
  for (const p of problems) console.log(`  ${p.file ? `${p.file}${p.line ? `:${p.line}` : ''}: ` : ''}${p.message}`);
}
process.exit(failed ? 1 : 0);
