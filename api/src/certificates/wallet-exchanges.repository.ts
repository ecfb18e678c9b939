import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { db, first } from '../database/sql.js';

const exchangeQuery = () =>
  db
    .selectFrom('wallet_exchanges as x')
    .select([
      'x.id',
      'x.credential_id as credentialId',
      'x.holder_user_id as holderUserId',
      'x.expires_at as expiresAt',
      'x.completed_at as completedAt',
    ]);

/** The wallet exchanges' SQL (`wallet_exchanges`). */
@Injectable()
export class WalletExchangesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  async create(
    m: EntityManager,
    row: {
      tokenHash: string;
      credentialId: string;
      holderUserId: string;
      createdAt: Date;
      expiresAt: Date;
    },
  ): Promise<string> {
    const created = await first(
      m,
      db
        .insertInto('wallet_exchanges')
        .values({
          token_hash: row.tokenHash,
          credential_id: row.credentialId,
          holder_user_id: row.holderUserId,
          created_at: row.createdAt,
          expires_at: row.expiresAt,
        })
        .returning('id'),
    );
    return created!.id;
  }

  byTokenHash(tokenHash: string) {
    return first(this.ds, exchangeQuery().where('x.token_hash', '=', tokenHash));
  }

  /**
   * Marks the exchange used, once: only an open, unexpired exchange is taken, so two wallets racing with
   * the same token get it once between them.
   */
  complete(m: EntityManager, tokenHash: string, now: Date) {
    return first(
      m,
      db
        .updateTable('wallet_exchanges')
        .set({ completed_at: now })
        .where('token_hash', '=', tokenHash)
        .where('completed_at', 'is', null)
        .where('expires_at', '>', now)
        .returning(['id', 'credential_id as credentialId', 'holder_user_id as holderUserId']),
    );
  }
}
