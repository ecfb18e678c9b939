import type { Role } from '../organizations/membership.entity.js';

export interface SessionMembership {
  organizationId: string;
  organizationName: string;
  role: Role;
}

/** What a request knows about its signed-in person (loaded from the database on every request). */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  /** The language the person chose; null until they choose (the browser's language applies). */
  locale: string | null;
  memberships: SessionMembership[];
}

export const hasRole = (user: SessionUser, role: Role, organizationId?: string) =>
  user.memberships.some(
    (m) => m.role === role && (!organizationId || m.organizationId === organizationId),
  );

export const orgsWithRole = (user: SessionUser, role: Role) =>
  user.memberships.filter((m) => m.role === role).map((m) => m.organizationId);
