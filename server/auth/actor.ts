// Who is acting, with what roles: the shape the permission policy judges. Its own module so that
// the policy (can.policy.ts) and the loader of actors (access.ts) do not import each other.
import type { BoardPosition, PlatformRole, SiteRole } from './roles';

export interface Actor {
  readonly id: number;
  readonly email: string;
  readonly fullName: string;
  readonly platformRoles: ReadonlySet<PlatformRole>;
  readonly boardPosition: BoardPosition | null;
  /** tenantId -> roles on that site */
  readonly siteRoles: ReadonlyMap<number, ReadonlySet<SiteRole>>;
}
