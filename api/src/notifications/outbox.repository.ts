import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { db, first, rows } from '../database/sql.js';
import { OutboxMessage } from './outbox-message.entity.js';

export interface AttachmentInput {
  filename: string;
  contentType: string;
  content: string | Buffer;
}

export interface AttachmentRow {
  id: string;
  messageId: string;
  filename: string;
  contentType: string;
  content: Buffer;
}

@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async insert(
    manager: EntityManager | undefined,
    message: Partial<OutboxMessage>,
    attachments: AttachmentInput[] = [],
  ): Promise<OutboxMessage> {
    const m = manager ?? this.ds.manager;
    const saved = await m.getRepository(OutboxMessage).save(message);
    for (const [position, a] of attachments.entries()) {
      await rows(
        m,
        db.insertInto('outbox_attachments').values({
          message_id: saved.id,
          position,
          filename: a.filename,
          content_type: a.contentType,
          content: typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : a.content,
        }),
      );
    }
    return saved;
  }

  /** The attachments of some messages (metadata and content), in the order they were added. */
  async attachmentsOf(messageIds: string[], manager?: EntityManager): Promise<AttachmentRow[]> {
    if (!messageIds.length) return [];
    return rows(
      manager ?? this.ds.manager,
      db
        .selectFrom('outbox_attachments')
        .select([
          'id',
          'message_id as messageId',
          'filename',
          'content_type as contentType',
          'content',
        ])
        .where('message_id', 'in', messageIds)
        .orderBy('message_id')
        .orderBy('position'),
    );
  }

  /** One attachment with the organization of its message, so the caller can check who may read it. */
  async attachment(
    messageId: string,
    attachmentId: string,
  ): Promise<(AttachmentRow & { organizationId: string | null }) | undefined> {
    return first(
      this.ds,
      db
        .selectFrom('outbox_attachments as a')
        .innerJoin('outbox_messages as m', 'm.id', 'a.message_id')
        .select([
          'a.id',
          'a.message_id as messageId',
          'a.filename',
          'a.content_type as contentType',
          'a.content',
          'm.organization_id as organizationId',
          'm.status',
        ])
        .where('a.message_id', '=', messageId)
        .where('a.id', '=', attachmentId),
    );
  }

  forOrganizations(organizationIds: string[], limit: number): Promise<OutboxMessage[]> {
    return this.ds.getRepository(OutboxMessage).find({
      where: { organizationId: In(organizationIds) },
      order: { createdAt: 'DESC' },
      take: limit,
    });
  }

  /** Claims pending messages so two instances never send the same one (SKIP LOCKED). */
  async claimPending(
    limit: number,
    send: (m: OutboxMessage, attachments: AttachmentRow[]) => Promise<void>,
  ): Promise<number> {
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
      const attachments = await this.attachmentsOf(
        rows.map((r) => r.id),
        manager,
      );
      for (const m of rows) {
        try {
          await send(
            m,
            attachments.filter((a) => a.messageId === m.id),
          );
          await manager.update(
            OutboxMessage,
            { id: m.id },
            { status: 'sent', sentAt: new Date(), attempts: m.attempts + 1, error: null },
          );
        } catch (e) {
          const failed = m.attempts + 1 >= 5;
          await manager.update(
            OutboxMessage,
            { id: m.id },
            {
              status: failed ? 'failed' : 'pending',
              attempts: m.attempts + 1,
              error: String((e as Error).message ?? e),
            },
          );
        }
      }
      return rows.length;
    });
  }
}
