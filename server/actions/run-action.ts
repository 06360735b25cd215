// The one runner of every change: check → transaction → execute → audit (same transaction) →
// commit → invalidate. A refusal changes nothing; a failure rolls the change and its audit back
// together; the cache is renewed only after the commit, so no reader caches the old page anew.
import type { Sequelize, Transaction } from 'sequelize';
import { recordAudit } from '../audit/audit.service';
import type { Cache } from '../cache/cache';
import type { Action, ActorCtx } from './action';
import { invalidate } from './invalidate';

export interface ActionDeps {
  sequelize: Sequelize;
  cache: Cache;
}

export async function runAction<I, R>(deps: ActionDeps, who: ActorCtx, action: Action<I, R>, input: I): Promise<R> {
  action.validate?.(input);
  const result = await deps.sequelize.transaction(async (tx) => {
    // Checked inside the transaction, so the state it judges is the state that is changed.
    const refusal = await action.check(who, input, tx);
    if (refusal) throw refusal;
    const r = await action.execute(who, input, tx);
    await writeAudit(who, action, input, r, tx);
    return r;
  });
  await invalidate(deps.cache, action.invalidates(input, result));
  return result;
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
