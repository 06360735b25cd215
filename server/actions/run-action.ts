// The one runner of every change: check → transaction → execute → audit (same transaction) →
// commit → invalidate. A refusal changes nothing; a failure rolls the change and its audit back
// together; the cache is renewed only after the commit, so no reader caches the old page anew.
import type { Sequelize, Transaction } from 'sequelize';
import { recordAudit } from '../audit/audit.service';
import type { Cache } from '../cache/cache';
import type { Action, ActorCtx, Invalidation } from './action';
import { invalidate } from './invalidate';

export interface ActionDeps {
  sequelize: Sequelize;
  cache: Cache;
}

export async function runAction<I, R>(deps: ActionDeps, who: ActorCtx, action: Action<I, R>, input: I): Promise<R> {
  const { result, invalidation } = await deps.sequelize.transaction((tx) => runActionIn(tx, who, action, input));
  await invalidate(deps.cache, invalidation);
  return result;
}

/**
 * For a change that no cached page shows (people, grants, royalties, the audit log's own events):
 * the same runner without a cache. An action that does make pages stale is refused here.
 */
export async function runUncachedAction<I, R>(
  sequelize: Sequelize,
  who: ActorCtx,
  action: Action<I, R>,
  input: I,
): Promise<R> {
  return sequelize.transaction(async (tx) => {
    const { result, invalidation: inv } = await runActionIn(tx, who, action, input);
    // A bug, not a refusal: rolled back with the change, which needed runAction.
    if ([...(inv.sites ?? []), ...(inv.syndicatedItems ?? [])].length || inv.portalFeed || inv.allSites)
      throw new Error(`${action.name} makes cached pages stale: run it with runAction`);
    return result;
  });
}

/**
 * One action inside a transaction the caller holds, for a change made of several actions that
 * stand or fall together (a bulk grant, the first install): check, execute and audit as
 * runAction does; the caller invalidates what it returns once the transaction has committed.
 */
export async function runActionIn<I, R>(
  tx: Transaction,
  who: ActorCtx,
  action: Action<I, R>,
  input: I,
): Promise<{ result: R; invalidation: Invalidation }> {
  action.validate?.(input);
  // Checked inside the transaction, so the state it judges is the state that is changed.
  const refusal = await action.check(who, input, tx);
  if (refusal) throw refusal;
  const result = await action.execute(who, input, tx);
  await writeAudit(who, action, input, result, tx);
  return { result, invalidation: action.invalidates(input, result) };
}

async function writeAudit<I, R>(who: ActorCtx, action: Action<I, R>, input: I, r: R, tx: Transaction) {
  const recs = action.audit(who, input, r);
  for (const rec of recs === null ? [] : Array.isArray(recs) ? recs : [recs])
    await recordAudit({ actor: who.actor, ip: who.ip, email: who.email }, rec, tx);
}

/** Whether the actor may take the action now, for showing or hiding its button. */
export async function allowed<I, R>(who: ActorCtx, action: Action<I, R>, input: I): Promise<boolean> {
  return (await action.check(who, input)) === null;
}
