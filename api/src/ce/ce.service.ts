import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { categoryWord, mailLangOf, say } from '../common/i18n.js';
import { DomainError, ErrorCode, invalid } from '../common/errors.js';
import { hasRole, orgsWithRole, type SessionUser } from '../common/session-user.js';
import { ContentService } from '../content/content.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import type { CeEntryDto, CeInputDto, CeQueueEntryDto, MyCeDto } from './ce.dto.js';
import { HoursRepository } from '../hours/hours.repository.js';
import { HoursRules, summarize } from '../hours/hours.rules.js';
import { CeRepository, type CeRow } from './ce.repository.js';

/** Uploaded evidence: at most this many bytes, and only these types (checked by their first bytes, not their name). */
export const MAX_EVIDENCE_BYTES = 512 * 1024;
const FILE_TYPES: { type: string; magic: number[] }[] = [
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
];

export function sniffEvidence(file: Buffer): string | null {
  return FILE_TYPES.find((t) => t.magic.every((b, i) => file[i] === b))?.type ?? null;
}

/**
 * The continuing-education ledger: Kindred modules count by themselves (one approved row per module, however
 * often it is completed), external training is added with evidence and approved or rejected by a coordinator.
 */
@Injectable()
export class CeService {
  constructor(
    private readonly repo: CeRepository,
    // Where a person logs (their supervisor's organization first) and where mail goes: the same as for practice hours.
    private readonly people: HoursRepository,
    private readonly rules: HoursRules,
    private readonly content: ContentService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /**
   * For the courses module: a completed Kindred module writes its CE row, inside the caller's transaction.
   * Idempotent (unique per person and module). Returns whether a row was written.
   */
  async recordModule(
    userId: string,
    moduleId: string,
    completedOn: string,
    m?: EntityManager,
  ): Promise<boolean> {
    const course = this.content.catalog.courses.find((c) =>
      c.modules.some((x) => x.id === moduleId),
    );
    const module = course?.modules.find((x) => x.id === moduleId);
    if (!course || !module) return false;
    const organizationId = await this.people.volunteerOrganization(userId, m);
    if (!organizationId) return false;
    const hours = Math.max(0.01, Math.round((module.minutes / 60) * 100) / 100);
    return this.repo.insertKindredCe(m, {
      organizationId,
      userId,
      title: `${course.title}: ${module.title}`,
      category: this.rules.courseCategory(course.slug, course.category),
      hours,
      completedOn,
      courseSlug: course.slug,
      moduleSlug: module.id,
    });
  }

  /** Writes the rows of modules completed before the ledger existed (idempotent). */
  private async catchUp(userId: string): Promise<void> {
    for (const missing of await this.repo.missingKindredCe(userId))
      await this.recordModule(userId, missing.moduleId, missing.completedOn);
  }

  async mine(user: SessionUser): Promise<MyCeDto> {
    await this.catchUp(user.id);
    const [rows, totals, target] = await Promise.all([
      this.repo.ceOf(user.id),
      this.repo.ceTotals(user.id),
      this.rules.targets(user.id, 'ce_hours'),
    ]);
    const { countedHours, ...summary } = summarize(
      this.rules.ceCategories(),
      totals,
      target,
      'approved',
      'pending',
    );
    return {
      entries: rows.map(ceView),
      ...summary,
      approvedHours: countedHours,
      deadline: target.deadline,
      quotaSource: target.source,
    };
  }

  async addExternal(user: SessionUser, input: CeInputDto): Promise<CeEntryDto> {
    const categories = this.rules.ceCategories().map((c) => c.id);
    if (!categories.includes(input.category))
      throw invalid('category', `category must be one of ${categories.join(', ')}`);
    if (input.completedOn > this.clock.now().toISOString().slice(0, 10))
      throw invalid('completedOn', 'completedOn cannot be in the future');
    if (!input.evidenceUrl && !input.evidenceFile)
      throw invalid(
        'evidenceUrl',
        'evidence is required: give evidenceUrl (a link) or evidenceFile (an upload)',
      );
    let file: Buffer | null = null;
    let fileType: string | null = null;
    if (input.evidenceFile) {
      const data = input.evidenceFile.data.replace(/^data:[^;,]*;base64,/, '').replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length === 0)
        throw invalid('evidenceFile.data', 'evidenceFile.data must be the file in base64');
      file = Buffer.from(data, 'base64');
      if (file.length > MAX_EVIDENCE_BYTES)
        throw invalid(
          'evidenceFile.data',
          `the evidence file is too large: at most ${MAX_EVIDENCE_BYTES / 1024} KiB`,
        );
      fileType = sniffEvidence(file);
      if (!fileType)
        throw invalid('evidenceFile.data', 'the evidence file must be a PDF, PNG or JPEG');
    }
    const organizationId = await this.people.volunteerOrganization(user.id);
    if (!organizationId)
      throw new DomainError(
        ErrorCode.Forbidden,
        'Only members of an organization can add training',
      );
    const id = await this.repo.insertExternalCe({
      organizationId,
      userId: user.id,
      title: input.title.trim(),
      provider: input.provider.trim(),
      category: input.category,
      hours: input.hours,
      completedOn: input.completedOn,
      evidenceUrl: input.evidenceUrl ?? null,
      fileName: input.evidenceFile
        ? input.evidenceFile.name.replace(/[^\w.\- ]+/g, '_').slice(0, 200)
        : null,
      fileType,
      file,
      now: this.clock.now(),
    });
    return ceView((await this.repo.ceEntry(id))!);
  }

  /** The evidence file, for its owner or a coordinator of the entry's organization. */
  async evidence(
    user: SessionUser,
    id: string,
  ): Promise<{ name: string; type: string; file: Buffer }> {
    const f = await this.repo.ceFile(id);
    if (!f || (f.userId !== user.id && !hasRole(user, 'coordinator', f.organizationId)))
      throw new DomainError(ErrorCode.NotFound, 'There is no such evidence file');
    return f;
  }

  async queue(
    user: SessionUser,
    status: 'pending' | 'approved' | 'rejected' = 'pending',
  ): Promise<CeQueueEntryDto[]> {
    const rows = await this.repo.ceQueue(orgsWithRole(user, 'coordinator'), status);
    return rows.map((r) => ({ ...ceView(r), personName: r.personName }));
  }

  async decide(
    user: SessionUser,
    id: string,
    status: 'approved' | 'rejected',
    note?: string,
  ): Promise<CeQueueEntryDto> {
    const trimmed = note?.trim() || null;
    if (status === 'rejected' && !trimmed)
      throw invalid('note', 'note must say why the training is not accepted');
    await this.repo.transaction(async (m) => {
      const row = await this.repo.ceEntry(id, m, true);
      if (!row || row.source !== 'external' || !hasRole(user, 'coordinator', row.organizationId))
        throw new DomainError(
          ErrorCode.NotFound,
          'There is no such training entry in your organization',
        );
      if (row.userId === user.id)
        throw new DomainError(ErrorCode.Forbidden, 'You cannot approve your own training');
      if (row.status !== 'pending')
        throw new DomainError(ErrorCode.Conflict, `This entry is ${row.status} already`);
      const at = this.clock.now();
      await this.repo.reviewCe(m, id, { status, by: user.id, at, note: trimmed });
      await this.audit.append(m, {
        organizationId: row.organizationId,
        actor: `user:${user.id}`,
        action: status === 'approved' ? 'ce.approved' : 'ce.rejected',
        subject: `ce_entry:${id}`,
        details: {
          userId: row.userId,
          title: row.title,
          category: row.category,
          hours: row.hours,
          completedOn: row.completedOn,
          ...(trimmed ? { note: trimmed } : {}),
        },
      });
      const p = await this.people.contact(row.userId, m);
      if (!p) throw new Error(`no user ${row.userId}`);
      const lang = mailLangOf(p.locale, p.browserLocale);
      await this.outbox.enqueue(
        {
          to: p.email,
          organizationId: row.organizationId,
          kind: `ce.${status}`,
          subject: say(lang, `ce.${status}.subject`, { title: row.title }),
          text: `${say(lang, 'mail.greeting', { name: p.name })}\n\n${
            status === 'approved'
              ? say(lang, 'ce.approved.text', {
                  title: row.title,
                  hours: row.hours,
                  category: categoryWord(lang, row.category, row.category),
                })
              : `${say(lang, 'ce.rejected.text', { title: row.title })}\n\n${trimmed}`
          }\n`,
        },
        m,
      );
    });
    const r = (await this.repo.ceEntry(id))!;
    return { ...ceView(r), personName: r.personName };
  }
}

function ceView(r: CeRow): CeEntryDto {
  return {
    id: r.id,
    userId: r.userId,
    source: r.source,
    title: r.title,
    provider: r.provider,
    category: r.category,
    hours: r.hours,
    completedOn: r.completedOn,
    courseSlug: r.courseSlug,
    moduleSlug: r.moduleSlug,
    evidenceUrl: r.evidenceUrl,
    evidenceFileName: r.evidenceFileName,
    status: r.status,
    reviewNote: r.reviewNote,
    reviewedAt: r.reviewedAt ? new Date(r.reviewedAt).toISOString() : null,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}
