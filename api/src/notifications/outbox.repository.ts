import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
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
      await m.query(
        `INSERT INTO outbox_attachments (message_id, position, filename, content_type, content) VALUES ($1, $2, $3, $4, $5)`,
        [
          saved.id,
          position,
          a.filename,
          a.contentType,
          typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : a.content,
        ],
      );
    }
    return saved;
  }

  /** The attachments of some messages (metadata and content), in the order they were added. */
  async attachmentsOf(messageIds: string[], manager?: EntityManager): Promise<AttachmentRow[]> {
    if (!messageIds.length) return [];
    return (manager ?? this.ds.manager).query(
      `SELECT id, message_id AS "messageId", filename, content_type AS "contentType", content FROM outbox_attachments WHERE message_id = ANY($1::uuid[]) ORDER BY message_id, position`,
      [messageIds],
    );
  }

  /** One attachment with the organization of its message, so the caller can check who may read it. */
  async attachment(
    messageId: string,
    attachmentId: string,
  ): Promise<(AttachmentRow & { organizationId: string | null }) | undefined> {
    const [row] = await this.ds.query(
      `SELECT a.id, a.message_id AS "messageId", a.filename, a.content_type AS "contentType", a.content, m.organization_id AS "organizationId", m.status
         FROM outbox_attachments a JOIN outbox_messages m ON m.id = a.message_id WHERE a.message_id = $1 AND a.id = $2`,
      [messageId, attachmentId],
    );
    return row;
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
