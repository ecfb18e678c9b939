import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { writeEarnedRecord } from '../seed/records.js';
import { CertificatesRepository } from './certificates.repository.js';
import { CertificatesService, verifyUrlOf } from './certificates.service.js';
import { IssuanceService } from './issuance.service.js';
import { ProgramsService } from './programs.service.js';
import { DAY_MS } from '@kindred/certificates';

export interface DemoCertificate {
  label: string;
  holder: string;
  verifyUrl: string;
}

const MONTH_MS = 30 * DAY_MS;
const CITY = 'riverside-peer-network';

/**
 * The demo seed's certificates, issued through the normal path (keys, status lists, endorsement,
 * audit): one valid co-issued, one revoked, one expired. Idempotent: each is issued only once. The holder
 * of the valid one (Grace) first gets the record the program asks for, written as the modules write it:
 * nobody in the demo holds a certificate whose requirements they have not met.
 */
@Injectable()
export class DemoCertificates {
  constructor(
    private readonly repo: CertificatesRepository,
    private readonly issuance: IssuanceService,
    private readonly certificates: CertificatesService,
    private readonly programs: ProgramsService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async ensure(baseUrl: string): Promise<DemoCertificate[]> {
    const city = await this.repo.organizationBySlug(CITY);
    if (!city) return [];
    const plan = [
      {
        label: 'valid, co-issued',
        email: 'grace@kindred.demo',
        program: 'accredited-peer-supporter',
        issuedAt: undefined,
        revoke: undefined,
        earned: { supervisor: 'supervisor.ana@kindred.demo', daysAgo: 200 },
      },
      {
        label: 'revoked',
        email: 'sam@kindred.demo',
        program: 'foundations',
        issuedAt: undefined,
        revoke: 'Demo: revoked to show what employers see',
      },
      {
        label: 'expired',
        email: 'tomas@kindred.demo',
        program: 'foundations',
        issuedAt: new Date(Date.now() - 25 * MONTH_MS),
        revoke: undefined,
      },
    ];
    const out: DemoCertificate[] = [];
    for (const p of plan) {
      const holder = await this.repo.userIdByEmail(p.email);
      if (!holder) continue;
      let row = await this.repo.latestOf(holder, p.program);
      if (!row && 'earned' in p && p.earned) await this.earn(holder, city.id, p.program, p.earned);
      if (!row) {
        const result = await this.issuance.requestProgramCertificate(
          'system',
          city.id,
          holder,
          p.program,
          baseUrl,
          { issuedAt: p.issuedAt },
        );
        const id =
          result.state === 'issued'
            ? String(result.credential.id)
            : (
                await this.issuance.approve('system', [result.requestId], baseUrl, {
                  issuedAt: p.issuedAt,
                })
              )[0].credentialId;
        if (p.revoke)
          await this.certificates.applyStatus(
            'system:demo-seed',
            id.replace(/^urn:uuid:/, ''),
            'revoke',
            p.revoke,
            // Sam's certificate was issued without the record the program asks for: issued in error.
            'issued_in_error',
          );
        row = await this.repo.latestOf(holder, p.program);
      }
      if (row)
        out.push({ label: p.label, holder: p.email, verifyUrl: verifyUrlOf(baseUrl, row.id) });
    }
    return out;
  }

  /** Writes the record the program asks for (its courses, drills and sign-offs) before it is issued. */
  private async earn(
    holderId: string,
    organizationId: string,
    slug: string,
    earned: { supervisor: string; daysAgo: number },
  ): Promise<void> {
    const program = this.programs.get(slug);
    const supervisorId = await this.repo.userIdByEmail(earned.supervisor);
    if (!program || !supervisorId) return;
    await this.ds.transaction((m) =>
      writeEarnedRecord(
        m,
        { holderId, supervisorId, organizationId },
        program.requirements,
        earned.daysAgo,
      ),
    );
  }
}
