// An action is one change of the platform's data, written once: who may do it (check), what it
// does inside its transaction (execute), what it writes to the audit log, and which cached pages
// it makes stale. The back office, the API, the CLI and the scheduler all run the same actions
// through run-action.ts, so the rules and the audit cannot drift between them.
import type { Transaction } from 'sequelize';
import type { AuditRecord, ActionContext } from '../audit/audit.service';
import type { AppError } from '../core/errors';

/** Who acts: a signed-in person, or the platform itself (the scheduler, `cong setup`). */
export interface ActorCtx extends Omit<ActionContext, 'actor'> {
  actor: ActionContext['actor'] | null;
  /** The audit log's name for a change that no signed-in person made, e.g. 'cong setup'. */
  email?: string;
}

/** What a change makes stale. The runner turns it into cache versions (invalidate.ts). */
export interface Invalidation {
  /** Sites whose pages show the change. */
  sites?: Iterable<number>;
  /** The portal home lists every site's latest public items. */
  portalFeed?: boolean;
  /** Items whose copies other sites show (syndication): those sites are renewed too. */
  syndicatedItems?: Iterable<number>;
  /** Every site (a platform-wide change such as an incident banner or an ad). */
  allSites?: boolean;
}

export interface Action<I, R = void> {
  /** The audit log's action name, e.g. `item.approve`. */
  readonly name: string;
  /**
   * Null when the actor may take this action with this input now; otherwise the refusal to show
   * (403, or 409/422 when the data's state forbids it). Reads only: the admin calls it to decide
   * which buttons to show. Given a transaction, it reads under it (rows locked by execute's caller).
   */
  check(who: ActorCtx, input: I, tx?: Transaction): Promise<AppError | null> | AppError | null;
  /** The change itself, inside the runner's transaction. Throws AppError to refuse and roll back. */
  execute(who: ActorCtx, input: I, tx: Transaction): Promise<R>;
  /** The audit entries, written in the same transaction. Null: nothing worth recording. */
  audit(who: ActorCtx, input: I, result: R): AuditRecord | AuditRecord[] | null;
  /** What the committed change makes stale. */
  invalidates(input: I, result: R): Invalidation;
}

/** Builds an action with its types inferred from `execute`. */
export const defineAction = <I, R>(action: Action<I, R>): Action<I, R> => action;
