// Writing a new item: the choice of kind, then the kind's form; the draft is created, or the
// form comes back with what was typed and a message at each field.
import type { Request, Response, Router } from 'express';
import { can } from '../../server/auth/can.policy';
import { createItem } from '../../server/content/content.service';
import { KINDS, kindOf, type KindDef } from '../../server/content/kinds';
import { AppError, ValidationError, forbidden } from '../../server/core/errors';
import { actionContext, locals, redirectWith, renderAdmin, siteOf, str, type AdminDeps } from '../admin-context';
import { formOptions, formValues, itemInputFrom, type FormValues } from '../content-form';
import { itemsBase } from './items-common';

export function itemNewRoutes(router: Router, deps: AdminDeps) {
  /** The new item's form, empty or as typed (422 with the fields' messages). */
  const newForm = async (
    req: Request,
    res: Response,
    kind: KindDef,
    values: FormValues,
    errors?: Record<string, string>,
  ) => {
    const site = siteOf(res);
    renderAdmin(
      req,
      res,
      deps,
      'item-form',
      {
        title: `${kind.label} mới`,
        creating: true,
        action: `${itemsBase(res)}/moi?loai=${kind.code}`,
        hasEnglish: site.languages.includes('en'),
        ...(await formOptions(site, kind, values, errors)),
      },
      errors ? 422 : 200,
    );
  };

  router.get('/tin-bai/moi', async (req, res) => {
    const site = siteOf(res);
    if (!can(locals(res).actor, 'content.write', { tenantId: site.id })) throw forbidden();
    const kind = kindOf(str(req.query.loai));
    if (!kind)
      return renderAdmin(req, res, deps, 'item-kinds', {
        title: 'Viết tin bài mới',
        kinds: KINDS.map((k) => ({ code: k.code, label: k.label })),
      });
    await newForm(req, res, kind, formValues({ author: locals(res).person!.fullName, source: site.nameVi }));
  });

  router.post('/tin-bai/moi', async (req, res) => {
    const kind = kindOf(str(req.query.loai));
    if (!kind) throw new AppError('BAD_REQUEST', 400, 'Loại thông tin không hợp lệ');
    const input = itemInputFrom(req, kind);
    try {
      const item = await createItem(deps, actionContext(req, res), siteOf(res), kind.code, input);
      redirectWith(req, res, `${itemsBase(res)}/${item.id}`, 'ok', 'Đã lưu bản nháp.');
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      // The form comes back with everything the editor typed, and a message at each field.
      await newForm(req, res, kind, formValues(input), err.fields);
    }
  });
}
