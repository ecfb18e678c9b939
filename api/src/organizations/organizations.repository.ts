import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { db, rows } from '../database/sql.js';
import { Organization } from './organization.entity.js';
import { Membership, type Role } from './membership.entity.js';

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: Role;
  since: Date;
}

@Injectable()
export class OrganizationsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  findById(id: string): Promise<Organization | null> {
    return this.ds.getRepository(Organization).findOneBy({ id });
  }

  list(): Promise<Organization[]> {
    return this.ds.getRepository(Organization).find({ order: { name: 'ASC' } });
  }

  /** The reporting rules of these organizations (those that are programs), by name. */
  reportingRules(ids: string[]): Promise<Organization[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.ds
      .getRepository(Organization)
      .createQueryBuilder('o')
      .where('o.id IN (:...ids)', { ids })
      .andWhere(`o.kind = 'program'`)
      .orderBy('o.name')
      .getMany();
  }

  async setReportingRules(
    id: string,
    state: string | null,
    route: string | null,
    at: Date,
  ): Promise<void> {
    await this.ds
      .getRepository(Organization)
      .update({ id }, { reportingState: state, reportingRoute: route, reportingUpdatedAt: at });
  }

  async members(organizationId: string): Promise<MemberRow[]> {
    const members = await rows(
      this.ds,
      db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.id as user_id', 'u.name', 'u.email', 'm.role', 'm.created_at'])
        .where('m.organization_id', '=', organizationId)
        .where('u.disabled_at', 'is', null)
        .orderBy('m.role')
        .orderBy('u.name'),
    );
    return members.map((r) => ({
      userId: r.user_id,
      name: r.name,
      email: r.email,
      // The column is text with a CHECK on the roles (the entity's Role).
      role: r.role as Role,
      since: r.created_at,
    }));
  }

  async addMembership(
    manager: EntityManager,
    userId: string,
    organizationId: string,
    role: Role,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(Membership)
      .values({ userId, organizationId, role })
      .orIgnore()
      .execute();
  }
}
