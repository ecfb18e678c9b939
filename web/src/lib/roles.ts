import type { components } from '$lib/api/schema';

type Me = components['schemas']['MeDto'];
export type Role = Me['memberships'][number]['role'];

/** Where each role starts; someone with several roles lands on the first in this order. */
export const HOME_BY_ROLE: [Role, string][] = [
  ['coordinator', '/admin'],
  ['supervisor', '/supervise'],
  ['institution_staff', '/institution'],
  ['volunteer', '/learn'],
];

export const hasRole = (user: Me | null | undefined, role: Role) =>
  Boolean(user?.memberships.some((m) => m.role === role));

export function homeFor(user: Me): string {
  return HOME_BY_ROLE.find(([role]) => hasRole(user, role))?.[1] ?? '/me';
}
