// The citizen's side of participation, in Vietnamese: ask a question, send feedback, comment on an
// open consultation draft, look a submission up by its tracking code, rate a page. Forms render per
// visitor (a fresh challenge each time) and are never cached; lists of published answers are.
import express, { type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { multipartError } from '../core/multipart-error';
import { consultationBySlug } from '../content/published-items';
import type { RequestContext } from '../core/request-context';
import { STRINGS } from '../render/strings';
import type { Site } from '../../tenants/tenant.types';
import type { TenantRegistry } from '../../tenants/tenant-registry';
import { assertSameOrigin } from '../core/same-origin';
import { formCookieOf, HONEYPOT_FIELD, rateLimit, setFormCookie, type FormGuard } from '../participation/form-guard';
import {
  ATTACHMENT_MAX_BYTES,
  consultationOpen,
  KIND_LABELS,
  lookupByCode,
  senderErrors,
  statusLabelOf,
  submitParticipation,
  TRACKING_CODE,
  type ParticipationDeps,
} from '../participation/participation.service';
import { publishedOne, publishedPage, rate } from '../participation/participation-public';
import type { RequestOrigin } from '../core/request-host';
import { siteHomeUrl } from './site-urls';
import { listPageOf } from './site-page';
import { safeLocalPath } from '../text/local-path';
import { AppError, ValidationError, badRequest, notFound } from '../core/errors';
import { answerPath, PARTICIPATION_PATHS, RATING_PATH, TRACKING_PATH } from './public-paths';
import { templatesFor } from '../render/page-templates';
import { ctxOf, PER_PAGE, siteRouter, type RenderPage } from './site-router';

type ParticipationKind = keyof typeof KIND_LABELS;
/** An open consultation draft, as the participation service takes it. */
type Consultation = NonNullable<Awaited<ReturnType<typeof consultationBySlug>>>;

export interface ParticipationRouteDeps {
  registry: TenantRegistry;
  origin: RequestOrigin;
  participation: ParticipationDeps;
  formGuard: FormGuard;
}

const FORM_LIMITS = {
  // The service refuses attachments over 5 MB and shows the form again; this bound only stops abuse.
  fileSize: 2 * ATTACHMENT_MAX_BYTES,
  files: 1,
  fields: 20,
  fieldSize: 24 * 1024,
  parts: 24,
};
// Per IP and window: posts of any kind (stops floods and guessing), and forms that passed every
// check (stops spam); a visitor who mistypes is held back by the first only.
const LIMITS = { tries: 20, accepted: 5, windowSeconds: 600 };
const FIELDS = ['target', 'senderName', 'senderEmail', 'senderPhone', 'senderAddress', 'subject', 'content'];
// Errors are listed in the order of the form; what concerns the whole form first.
const ERROR_ORDER = ['_', ...FIELDS, 'attachment', 'challenge'];

/** A tracking code as people copy it: any case, with or without its dash, spaces around or inside. */
export function trackingCodeOf(typed: string): string {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '').slice(0, 20);
  return plain.length === 10 ? `${plain.slice(0, 5)}-${plain.slice(5)}` : plain;
}

export function participationRoutes(deps: ParticipationRouteDeps, render: RenderPage) {
  const router = siteRouter();
  // Browsers send file names in UTF-8; busboy would read them as latin1 ("BÃ¡º£n váº½").
  const upload = multer({ storage: multer.memoryStorage(), defParamCharset: 'utf8', limits: FORM_LIMITS }).single(
    'attachment',
  );
  const parseForm = (req: Request, res: Response) =>
    new Promise<void>((resolve, reject) =>
      upload(req, res, (err: unknown) =>
        err ? reject(multipartError(err, 'Tệp đính kèm quá lớn (tối đa 5 MB).')) : resolve(),
      ),
    );
  const ipOf = (req: Request) => req.ip ?? 'unknown';
  const vi = (ctx: RequestContext) => ctx.locale === 'vi';
  const home = (ctx: RequestContext) => ({ label: STRINGS.vi.home, url: ctx.basePath || '/' });
  const isPortal = (ctx: RequestContext) => deps.registry.portal()?.id === ctx.site.id;
  const secure = (req: Request) => deps.origin.proto(req) === 'https';

  /** Sites a portal visitor may address: the portal first, then every active site by name. */
  const targetsFor = (ctx: RequestContext, selected: string) =>
    isPortal(ctx)
      ? [
          ctx.site,
          ...deps.registry
            .all()
            .filter((s) => s.status === 'active' && s.id !== ctx.site.id)
            .sort((a, b) => a.nameVi.localeCompare(b.nameVi, 'vi')),
        ].map((s) => ({ id: s.id, name: s.nameVi, selected: String(s.id) === selected }))
      : [];

  interface FormState {
    kind: ParticipationKind;
    action: string;
    heading: string;
    values: Record<string, string>;
    errors: Record<string, string>;
    consultation?: { title: string; href: string; closesOn: string };
    backLabel: string;
    backUrl: string;
  }
  const showForm = async (req: Request, res: Response, ctx: RequestContext, f: FormState, status = 200) => {
    const challenge = deps.formGuard.issue(ctx.site.id, Date.now(), formCookieOf(req));
    setFormCookie(res, challenge.nonce, ctx.basePath, secure(req));
    // Each linked to its field.
    const errorList = Object.entries(f.errors)
      .sort(([a], [b]) => ERROR_ORDER.indexOf(a) - ERROR_ORDER.indexOf(b))
      .map(([field, message]) => ({
        field: ERROR_ORDER.includes(field) && field !== '_' ? `p-${field}` : null,
        message,
      }));
    await render(
      req,
      res,
      ctx,
      {
        candidates: templatesFor('participationForm', f.kind),
        title: errorList.length ? `Lỗi: ${f.heading}` : f.heading,
        page: {
          ...f,
          errorList,
          targets: f.kind === 'comment' ? [] : targetsFor(ctx, f.values.target ?? String(ctx.site.id)),
          challenge,
          honeypot: HONEYPOT_FIELD,
          maxMb: ATTACHMENT_MAX_BYTES / 1024 / 1024,
          isComment: f.kind === 'comment',
        },
        breadcrumbs: [home(ctx), { label: f.backLabel, url: f.backUrl }, { label: f.heading }],
      },
      status,
      false,
    );
  };

  const valuesOf = (req: Request) =>
    Object.fromEntries(
      FIELDS.map((k) => [k, typeof req.body?.[k] === 'string' ? (req.body[k] as string).slice(0, 6000) : '']),
    );

  /** Checks, stores and answers a posted form: the tracking code page, or the form again. */
  const receive = async (
    req: Request,
    res: Response,
    ctx: RequestContext,
    form: Omit<FormState, 'values' | 'errors'>,
    target: () => Site | undefined,
    consultation?: Consultation,
  ) => {
    assertSameOrigin(req, (deps.origin.host(req) ?? '').toLowerCase());
    const ip = ipOf(req);
    await rateLimit(deps.participation.cache, 'participate-try', ip, LIMITS.tries, LIMITS.windowSeconds);
    await parseForm(req, res);
    const values = valuesOf(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const refused = await deps.formGuard.check(
      ctx.site.id,
      { token: body.token, answer: body.challenge, honeypot: body[HONEYPOT_FIELD] },
      formCookieOf(req),
    );
    const to = target();
    // Every error at once, the challenge's with the fields', so that one more try can fix them all.
    const errors = {
      ...(refused ? { [refused.field]: refused.message } : {}),
      ...(to ? {} : { target: 'Chọn nơi nhận' }),
      ...senderErrors(values),
    };
    if (!to || Object.keys(errors).length) return showForm(req, res, ctx, { ...form, values, errors }, 422);
    try {
      await rateLimit(deps.participation.cache, 'participate', ip, LIMITS.accepted, LIMITS.windowSeconds);
    } catch (err) {
      // Past the limit the form comes back with what was typed, to send later.
      if (err instanceof AppError && err.status === 429)
        return showForm(req, res, ctx, { ...form, values, errors: { _: err.message } }, 429);
      throw err;
    }
    try {
      const file = (req as Request & { file?: Express.Multer.File }).file;
      const p = await submitParticipation(
        deps.participation,
        { ip: req.ip ?? null },
        to,
        form.kind,
        values,
        file ? { buffer: file.buffer, originalname: file.originalname } : null,
        consultation,
      );
      res.redirect(303, `${ctx.basePath}${TRACKING_PATH}?ma=${p.trackingCode}&moi=1`);
    } catch (err) {
      if (err instanceof ValidationError) return showForm(req, res, ctx, { ...form, values, errors: err.fields }, 422);
      throw err;
    }
  };

  const viPage =
    (handler: (req: Request, res: Response, ctx: RequestContext) => Promise<void>) =>
    async (req: Request, res: Response, next: NextFunction) => {
      const ctx = ctxOf(res);
      if (!vi(ctx)) return next();
      await handler(req, res, ctx);
    };

  for (const kind of ['question', 'feedback'] as const) {
    const base = PARTICIPATION_PATHS[kind];
    const heading = kind === 'question' ? 'Hỏi – đáp' : 'Phản ánh, kiến nghị';
    const formHeading = kind === 'question' ? 'Gửi câu hỏi' : 'Gửi phản ánh, kiến nghị';
    const form = (ctx: RequestContext) => ({
      kind,
      action: `${ctx.basePath}${base}/gui`,
      heading: formHeading,
      backLabel: heading,
      backUrl: `${ctx.basePath}${base}`,
    });

    router.get(
      base,
      viPage(async (req, res, ctx) => {
        const n = listPageOf(req.query.page, ctx.locale);
        const result = await publishedPage(ctx.site.id, kind, n, PER_PAGE);
        if (n > result.pages) throw notFound();
        const listUrl = `${ctx.basePath}${base}`;
        await render(req, res, ctx, {
          candidates: templatesFor('participationList', kind),
          title: n > 1 ? `${heading} — trang ${n}` : heading,
          page: {
            heading,
            kind,
            intro:
              kind === 'question'
                ? 'Câu hỏi của người dân, doanh nghiệp và trả lời của cơ quan. Thông tin liên hệ của người hỏi không được công khai.'
                : 'Phản ánh, kiến nghị về quy định hành chính và trả lời của cơ quan. Thông tin liên hệ của người gửi không được công khai.',
            formUrl: `${listUrl}/gui`,
            formLabel: formHeading,
            trackingUrl: `${ctx.basePath}${TRACKING_PATH}`,
            items: result.items.map((i) => ({ ...i, href: `${listUrl}/${i.id}` })),
            pagination: {
              current: n,
              total: result.pages,
              prevUrl: n > 1 ? `${listUrl}${n === 2 ? '' : `?page=${n - 1}`}` : null,
              nextUrl: n < result.pages ? `${listUrl}?page=${n + 1}` : null,
            },
          },
          breadcrumbs: [home(ctx), { label: heading }],
        });
      }),
    );

    router.get(
      `${base}/gui`,
      viPage(async (req, res, ctx) => {
        const target = typeof req.query.noi === 'string' ? req.query.noi : String(ctx.site.id);
        await showForm(req, res, ctx, { ...form(ctx), values: { target }, errors: {} });
      }),
    );
    router.post(
      `${base}/gui`,
      viPage(async (req, res, ctx) => {
        await receive(req, res, ctx, form(ctx), () => {
          if (!isPortal(ctx)) return ctx.site;
          const chosen = deps.registry.get(Number(req.body?.target));
          return chosen && chosen.status === 'active' ? chosen : undefined;
        });
      }),
    );

    router.get(
      `${base}/:id`,
      viPage(async (req, res, ctx) => {
        const id = String(req.params.id);
        if (!/^\d{1,15}$/.test(id)) throw notFound();
        const p = await publishedOne(ctx.site.id, kind, Number(id));
        if (!p) throw notFound('Không tìm thấy nội dung hỏi – đáp');
        await render(req, res, ctx, {
          candidates: templatesFor('participationItem', kind),
          title: p.subject,
          page: { p, kindLabel: KIND_LABELS[kind], listUrl: `${ctx.basePath}${base}` },
          breadcrumbs: [home(ctx), { label: heading, url: `${ctx.basePath}${base}` }, { label: p.subject }],
        });
      }),
    );
  }

  // A comment on an open consultation draft, until its close date (Art 4.14b).
  const consultationOf = async (ctx: RequestContext, slug: string) => {
    if (!/^[a-z0-9-]{1,200}$/.test(slug)) throw notFound();
    const item = await consultationBySlug(ctx, slug);
    if (!item) throw notFound('Không tìm thấy dự thảo');
    return item;
  };
  const commentForm = (ctx: RequestContext, item: Consultation) => {
    const href = `${ctx.basePath}/lay-y-kien/${item.slug}`;
    return {
      kind: 'comment' as const,
      action: `${href}/gop-y`,
      heading: 'Góp ý dự thảo',
      backLabel: 'Dự thảo lấy ý kiến',
      backUrl: `${ctx.basePath}/lay-y-kien`,
      consultation: {
        title: item.title,
        href,
        closesOn: String(item.data?.closesOn ?? '')
          .split('-')
          .reverse()
          .join('/'),
      },
    };
  };
  router.get(
    '/lay-y-kien/:slug/gop-y',
    viPage(async (req, res, ctx) => {
      const item = await consultationOf(ctx, String(req.params.slug));
      if (!consultationOpen(item.data))
        throw new AppError('CONSULTATION_CLOSED', 409, 'Dự thảo này không trong thời gian nhận góp ý.');
      await showForm(req, res, ctx, {
        ...commentForm(ctx, item),
        values: { subject: `Góp ý: ${item.title}`.slice(0, 300) },
        errors: {},
      });
    }),
  );
  router.post(
    '/lay-y-kien/:slug/gop-y',
    viPage(async (req, res, ctx) => {
      const item = await consultationOf(ctx, String(req.params.slug));
      await receive(req, res, ctx, commentForm(ctx, item), () => ctx.site, item);
    }),
  );

  // Looking a submission up by its code. Codes are random (50 bits) and lookups are rate-limited.
  router.get(
    TRACKING_PATH,
    viPage(async (req, res, ctx) => {
      const code = typeof req.query.ma === 'string' ? trackingCodeOf(req.query.ma) : '';
      let found: Awaited<ReturnType<typeof lookupByCode>> = null;
      let error: string | null = null;
      if (code) {
        await rateLimit(deps.participation.cache, 'lookup', ipOf(req), 30, 600);
        if (!TRACKING_CODE.test(code)) error = 'Mã tra cứu gồm 10 ký tự, dạng XXXXX-XXXXX.';
        else {
          found = await lookupByCode(ctx.site, deps.registry.portal()?.id, code);
          if (!found) error = 'Không tìm thấy ý kiến với mã này. Hãy kiểm tra lại mã.';
        }
      }
      const holder = found ? deps.registry.get(found.tenantId) : undefined;
      await render(
        req,
        res,
        ctx,
        {
          candidates: templatesFor('tracking'),
          title: 'Tra cứu ý kiến đã gửi',
          page: {
            code,
            error,
            isNew: req.query.moi === '1' && !!found,
            found: found && {
              ...found,
              kindLabel: KIND_LABELS[found.kind],
              statusLabel: statusLabelOf(found),
              // Once published, where the site shows it.
              publicUrl:
                found.status === 'published' && holder && found.kind !== 'comment'
                  ? `${siteHomeUrl(holder, req, deps.origin, deps.registry.domain, ctx.host).replace(/\/$/, '')}${answerPath(found.kind as 'question' | 'feedback', found.id)}`
                  : null,
              holderName: holder?.nameVi,
              published: found.status === 'published',
              rejected: found.status === 'rejected',
            },
          },
          breadcrumbs: [home(ctx), { label: 'Tra cứu ý kiến' }],
        },
        error ? 404 : 200,
        false,
      );
    }),
  );

  // A rating of a page or service: a score, nothing about who gave it.
  router.post(
    RATING_PATH,
    express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 }),
    viPage(async (req, res, ctx) => {
      assertSameOrigin(req, (deps.origin.host(req) ?? '').toLowerCase());
      await rateLimit(deps.participation.cache, 'rating', ipOf(req), 20, 3600);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const target = typeof body.target === 'string' ? body.target : '';
      try {
        await rate(ctx.site.id, target, body.score);
      } catch (err) {
        if (err instanceof ValidationError) throw badRequest(err.message);
        throw err;
      }
      await render(
        req,
        res,
        ctx,
        {
          candidates: templatesFor('message'),
          title: 'Cảm ơn bạn đã đánh giá',
          page: {
            heading: 'Cảm ơn bạn đã đánh giá',
            text: 'Đánh giá của bạn đã được ghi nhận. Chúng tôi không lưu thông tin nào về người đánh giá.',
            // rate() took only a local path; checked again here, as every address sent back is.
            backUrl: safeLocalPath(`${ctx.basePath}${target === '/' ? '' : target}` || '/', ctx.basePath || '/'),
            backLabel: 'Quay lại trang trước',
          },
        },
        200,
        false,
      );
    }),
  );
  return router;
}
