// What the sites show of citizens' participation: published questions and feedback with their
// answers, comments on consultations, their search, and visitors' ratings. Never a contact detail:
// every read lists the public fields. A site's own are read through its tables (siteData).
import { QueryTypes, type Sequelize } from 'sequelize';
import { ValidationError } from '../core/errors';
import { siteData } from '../db/site-data';
import { isLocalPath } from '../text/local-path';
import { stripInvisible } from '../text/invisible';
import type { Participation } from './participation.model';

const PUBLIC_FIELDS = [
  'id',
  'kind',
  'senderName',
  'subject',
  'content',
  'publicSubject',
  'publicContent',
  'answer',
  'answeredAt',
  'createdAt',
] as const;

/** The text the site shows (or will): the moderator's edit where there is one, else the sender's words. */
export function publicTextOf(p: Pick<Participation, 'subject' | 'content' | 'publicSubject' | 'publicContent'>) {
  return { subject: p.publicSubject ?? p.subject, content: p.publicContent ?? p.content };
}

/** A published submission as the site shows it. */
function asPublished(p: Participation) {
  const { publicSubject, publicContent, ...shown } = p.get({ plain: true });
  const text = publicTextOf({ ...shown, publicSubject, publicContent });
  // Text stored before names and subjects were cleaned as they came in: never shown disguised.
  return { ...shown, ...text, senderName: stripInvisible(shown.senderName), subject: stripInvisible(text.subject) };
}

export async function publishedPage(siteId: number, kind: 'question' | 'feedback', page: number, perPage: number) {
  const { rows, count } = await siteData({ id: siteId }).participations.findAndCountAll({
    where: { kind, status: 'published' },
    attributes: [...PUBLIC_FIELDS],
    order: [
      ['answeredAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: perPage,
    offset: (page - 1) * perPage,
  });
  return { items: rows.map(asPublished), pages: Math.max(1, Math.ceil(count / perPage)) };
}

export async function publishedOne(siteId: number, kind: 'question' | 'feedback', id: number) {
  const p = await siteData({ id: siteId }).participations.findOne({
    where: { kind, status: 'published', id },
    attributes: [...PUBLIC_FIELDS],
  });
  return p ? asPublished(p) : null;
}

export async function publishedComments(siteId: number, itemId: number) {
  const rows = await siteData({ id: siteId }).participations.findAll({
    where: { kind: 'comment', status: 'published', itemId },
    attributes: [...PUBLIC_FIELDS],
    order: [['createdAt', 'ASC']],
    limit: 500,
  });
  return rows.map(asPublished);
}

/** The newest published questions and feedback of a site, for its sitemap. */
export async function publishedForSitemap(siteId: number, limit: number) {
  const rows = await siteData({ id: siteId }).participations.findAll({
    where: { kind: ['question', 'feedback'], status: 'published' },
    attributes: ['id', 'kind', 'answeredAt'],
    order: [['id', 'DESC']],
    limit,
  });
  return rows.map((r) => ({ id: r.id, kind: r.kind as 'question' | 'feedback', answeredAt: r.answeredAt }));
}

/** The words of a published question or feedback as the site shows it (the index's expression). */
const PUBLIC_WORDS = `to_tsvector('simple', cong_unaccent(lower(
  coalesce(public_subject, subject) || ' ' || coalesce(public_content, content) || ' ' || coalesce(answer, ''))))`;

export interface AnswerHit {
  id: number;
  tenantId: number;
  kind: 'question' | 'feedback';
  subject: string;
  answer: string | null;
  answeredAt: Date | null;
}

/** Published questions and feedback of these sites with the words of `q` (diacritics ignored), best first. */
export async function searchAnswers(
  sequelize: Sequelize,
  q: string,
  siteIds: number[],
  opts: { limit?: number; useMaster?: boolean } = {},
): Promise<AnswerHit[]> {
  if (!q.trim() || siteIds.length === 0) return [];
  const rows = await sequelize.query<AnswerHit>(
    `SELECT id, tenant_id AS "tenantId", kind, coalesce(public_subject, subject) AS subject, answer,
            answered_at AS "answeredAt"
       FROM participations, websearch_to_tsquery('simple', cong_unaccent(lower(:q))) tsq
      WHERE status = 'published' AND kind IN ('question', 'feedback') AND tenant_id IN (:sites)
        AND ${PUBLIC_WORDS} @@ tsq
      ORDER BY ts_rank(${PUBLIC_WORDS}, tsq) DESC, answered_at DESC NULLS LAST, id DESC
      LIMIT :limit`,
    {
      replacements: { q: q.slice(0, 200), sites: siteIds, limit: opts.limit ?? 5 },
      type: QueryTypes.SELECT,
      useMaster: opts.useMaster,
    },
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), subject: stripInvisible(r.subject) }));
}

/** A visitor's rating of a page or service: a score and what it rates, nothing about who. */
export async function rate(siteId: number, target: string, rawScore: unknown) {
  const score = Number(rawScore);
  if (!Number.isInteger(score) || score < 1 || score > 5)
    throw new ValidationError({ score: 'Chọn mức đánh giá từ 1 đến 5' });
  if (target.length > 300 || !isLocalPath(target))
    throw new ValidationError({ target: 'Trang được đánh giá không hợp lệ' });
  await siteData({ id: siteId }).ratings.create({ target: target.normalize('NFC'), score });
}
