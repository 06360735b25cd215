import { z } from 'zod';

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'phải là mã màu dạng #rrggbb');

export const settingDeclSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('color'), label: z.string(), default: color }),
  z.object({
    type: z.literal('text'),
    label: z.string(),
    default: z.string(),
    maxLength: z.number().int().positive().default(200),
  }),
  z.object({ type: z.literal('boolean'), label: z.string(), default: z.boolean() }),
  z.object({ type: z.literal('select'), label: z.string(), options: z.array(z.string()).min(1), default: z.string() }),
  z.object({ type: z.literal('image'), label: z.string(), default: z.string() }),
]);
export type SettingDecl = z.infer<typeof settingDeclSchema>;

export const themeManifestSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'phải là phiên bản dạng 1.2.3'),
    label: z.string(),
    /** Templates, partials and assets that this theme does not have come from its parent. */
    parent: z.string().optional(),
    settings: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), settingDeclSchema).default({}),
  })
  .superRefine((m, ctx) => {
    for (const [key, decl] of Object.entries(m.settings)) {
      if (decl.type === 'select' && !decl.options.includes(decl.default)) {
        ctx.addIssue({ code: 'custom', path: ['settings', key, 'default'], message: 'không nằm trong options' });
      }
    }
  });
export type ThemeManifest = z.infer<typeof themeManifestSchema>;

/**
 * A site's theme settings, each checked against its declaration; an invalid or undeclared value
 * falls back to the theme's default, so a bad setting can never reach CSS or HTML.
 */
export function resolveSettings(manifest: ThemeManifest, given: Readonly<Record<string, unknown>>) {
  const out: Record<string, string | boolean> = {};
  for (const [key, decl] of Object.entries(manifest.settings)) {
    const v = given[key];
    switch (decl.type) {
      case 'color':
        out[key] = typeof v === 'string' && color.safeParse(v).success ? v.toLowerCase() : decl.default;
        break;
      case 'boolean':
        out[key] = typeof v === 'boolean' ? v : decl.default;
        break;
      case 'select':
        out[key] = typeof v === 'string' && decl.options.includes(v) ? v : decl.default;
        break;
      default:
        out[key] = typeof v === 'string' && v.length <= ('maxLength' in decl ? decl.maxLength : 500) ? v : decl.default;
    }
  }
  return out;
}
