// Upkeep of the typo dictionary (`search_words`, see the migrations of 2026-11-30, 2026-12-05 and
// 2026-12-07): each site's words are added by triggers as its items are published; the old words
// of items withdrawn, deleted or rewritten are queued in `search_words_recheck` with their site,
// and each scheduler tick drops, a batch at a time, the queued words that no published item of
// that site has any more (another site's items do not keep a word for this one). Instances share the queue
// (SKIP LOCKED). A word published in the very moment its recheck runs may be dropped; it comes
// back with the next item that has it, and until then it is only not offered as a correction.
import type { Sequelize } from 'sequelize';

/**
 * Rechecks up to `batch` queued words; returns the words dropped from their site's dictionary. A common word
 * costs up to ~90 ms over a million items (its whole posting list is read), hence small batches:
 * 50 a tick is 9,000 words an hour at most a few seconds a tick.
 */
export async function pruneSearchWords(sequelize: Sequelize, batch = 50): Promise<string[]> {
  const [rows] = await sequelize.query(
    `WITH queued AS (
       DELETE FROM search_words_recheck
        WHERE (tenant_id, word) IN (SELECT tenant_id, word FROM search_words_recheck LIMIT :batch FOR UPDATE SKIP LOCKED)
       RETURNING tenant_id, word)
     DELETE FROM search_words s USING queued q
      WHERE s.tenant_id = q.tenant_id AND s.word = q.word
        AND NOT EXISTS (SELECT 1 FROM items i
                         WHERE i.tenant_id = q.tenant_id AND i.publication = 'published'
                           AND i.search_terms @@ to_tsquery('simple', q.word))
     RETURNING s.word`,
    { replacements: { batch } },
  );
  return (rows as { word: string }[]).map((r) => r.word);
}
