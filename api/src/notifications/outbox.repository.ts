import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity.js';

@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async insert(manager: EntityManager | undefined, message: Partial<OutboxMessage>): Promise<OutboxMessage> {
    return (manager ?? this.ds.manager).getRepository(OutboxMessage).save(message);
  }

  forOrganizations(organizationIds: string[], limit: number): Promise<OutboxMessage[]> {
    return this.ds.getRepository(OutboxMessage).find({ where: { organizationId: In(organizationIds) }, order: { createdAt: 'DESC' }, take: limit });
  }

  /** Claims pending messages so two instances never send the same one (SKIP LOCKED). */
  async claimPending(limit: number, send: (m: OutboxMessage) => Promise<void>): Promise<number> {
    return this.ds.transaction(async (manager) => {
      const rows: OutboxMessage[] = await manager
        .getRepository(OutboxMessage)
        .createQueryBuilder('m')
        .where("m.status = 'pending' AND m.attempts < 5")
        .orderBy('m.created_at')
        .limit(limit)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const m of rows) {
        try {
          await send(m);
          await manager.update(OutboxMessage, { id: m.id }, { status: 'sent', sentAt: new Date(), attempts: m.attempts + 1, error: null });
        } catch (e) {
          const failed = m.attempts + 1 >= 5;
          await manager.update(OutboxMessage, { id: m.id }, { status: failed ? 'failed' : 'pending', attempts: m.attempts + 1, error: String((e as Error).message ?? e) });
        }
      }
      return rows.length;
    });
  }
}
