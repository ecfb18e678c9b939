import { isLang, say, sayWhen, type Lang } from '../common/i18n.js';
import { Inject, Injectable } from '@nestjs/common';
import { localizeDrill, type Competency } from '@kindred/courses';
import { Clock } from '../common/clock.js';
import { DomainError, ErrorCode, invalid } from '../common/errors.js';
import { hasRole, type SessionUser } from '../common/session-user.js';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { ContentService } from '../content/content.service.js';
import { CompetenciesService } from '../competencies/competencies.service.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { icsEvent } from '../notifications/calendar.js';
import { capLevel, levelGrade } from './drill-walk.js';
import { SessionsRepository, type ParticipantRow, type SessionRow } from './sessions.repository.js';
import type {
  DrillCandidateDto,
  CreateDrillSessionDto,
  DrillObservationInputDto,
  DrillSessionDto,
  DrillSessionSummaryDto,
} from './sessions.dto.js';

const STAFF = ['coordinator', 'supervisor'] as const;

/** Scheduled group drills (tabletop and field): roles, timed injects, notes, observer ratings and a closing debrief. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly content: ContentService,
    private readonly competencies: CompetenciesService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
  ) {}

  /** Links in mail and calendar files: the configured public origin, never the request's Host. */
  origin(): string {
    return this.config.publicOrigin;
  }

  async create(user: SessionUser, dto: CreateDrillSessionDto): Promise<DrillSessionDto> {
    if (!STAFF.some((r) => hasRole(user, r, dto.organizationId)))
      throw new DomainError(
        ErrorCode.Forbidden,
        'Only coordinators and supervisors of this organization schedule its drills',
      );
    const drill = this.content.drill(dto.drillId);
    if (!drill) throw invalid('drillId', 'drillId must name a drill from the catalog');
    const startsAt = new Date(dto.startsAt);
    if (startsAt.getTime() <= this.clock.now().getTime())
      throw invalid('startsAt', 'startsAt must be in the future');
    const place = dto.place?.trim() || null;
    if (!place && !dto.videoUrl) throw invalid('place', 'Give a place or a video link');
    const late = dto.injects.findIndex((i) => i.minute > dto.minutes);
    if (late >= 0)
      throw invalid(`injects.${late}.minute`, 'An inject must fall within the session');
    const ids = dto.participants.map((p) => p.userId);
    if (new Set(ids).size !== ids.length)
      throw invalid('participants', 'Each person takes one role');
    const members = await this.repo.membersOf(dto.organizationId, ids);
    const outsider = dto.participants.findIndex((p) => !members.has(p.userId));
    if (outsider >= 0)
      throw invalid(
        `participants.${outsider}.userId`,
        'Participants must belong to the organization',
      );

    const injects = [...dto.injects]
      .sort((a, b) => a.minute - b.minute)
      .map((i) => ({ minute: i.minute, text: i.text.trim() }));
    const at = this.clock.now();
    const id = await this.repo.transaction(async (m) => {
      const id = await this.repo.create(
        m,
        {
          organizationId: dto.organizationId,
          createdBy: user.id,
          drillId: drill.id,
          kind: dto.kind,
          title: dto.title.trim(),
          injects,
          startsAt,
          minutes: dto.minutes,
          place,
          videoUrl: dto.videoUrl ?? null,
        },
        dto.participants,
        at,
      );
      const session = (await this.repo.session(id, m))!;
      for (const p of await this.repo.participants(id, m)) {
        await this.outbox.enqueue(this.mail(session, p, 'invitation', user.name), m);
      }
      await this.audit.append(m, {
        actor: `user:${user.id}`,
        organizationId: dto.organizationId,
        action: 'drill_session.scheduled',
        subject: `drill_session:${id}`,
        details: { drillId: drill.id, startsAt: startsAt.toISOString(), participants: ids.length },
      });
      return id;
    });
    return this.show(user, id);
  }

  async list(user: SessionUser): Promise<DrillSessionSummaryDto[]> {
    const staffOrgs = user.memberships
      .filter((m) => (STAFF as readonly string[]).includes(m.role))
      .map((m) => m.organizationId);
    const rows = await this.repo.list(user.id, staffOrgs);
    return rows.map((r) => ({ ...this.summary(r), myRole: r.myRole }));
  }

  async candidates(user: SessionUser): Promise<DrillCandidateDto[]> {
    const staffOrgs = user.memberships
      .filter((m) => (STAFF as readonly string[]).includes(m.role))
      .map((m) => m.organizationId);
    return this.repo.candidates(staffOrgs);
  }

  async show(user: SessionUser, id: string, lang: Lang = 'en'): Promise<DrillSessionDto> {
    const { session, participants, me, staff } = await this.access(user, id);
    const drill = this.content.drill(session.drillId);
    const canFacilitate = staff || me?.role === 'facilitator';
    const canObserve = staff || me?.role === 'observer';
    const [notes, observations] = await Promise.all([
      this.repo.notes(id),
      this.repo.observations(id),
    ]);
    const injects = session.injects.map((i, index) => ({
      index,
      minute: i.minute,
      text: i.text,
      released: index < session.released,
    }));
    return {
      ...this.summary(session),
      myRole: me?.role ?? null,
      organizationId: session.organizationId,
      drillId: session.drillId,
      drillTitle: drill ? localizeDrill(drill, lang).title : session.drillId,
      startedAt: session.startedAt?.toISOString() ?? null,
      released: session.released,
      injects: canFacilitate ? injects : injects.filter((i) => i.released),
      participants: participants.map((p) => ({
        userId: p.userId,
        name: p.name,
        role: p.role,
        attended: p.attended,
      })),
      notes:
        canFacilitate || canObserve
          ? notes.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() }))
          : [],
      rubric: this.rubric(session.drillId, lang).map((c) => ({
        competencyId: c.id,
        name: c.name,
        criteria: c.rubric.map((r) => ({ id: r.id, criterion: r.criterion })),
      })),
      scale: this.content.framework(lang).scale.map((s) => ({ id: s.id, name: s.name })),
      observations: canObserve
        ? observations
        : observations.filter((o) => o.participantId === user.id),
      debrief: session.debrief,
      canFacilitate,
      canObserve,
    };
  }

  async calendar(user: SessionUser, id: string, lang: Lang = 'en'): Promise<string> {
    const { session } = await this.access(user, id);
    return this.ics(session, lang);
  }

  async start(user: SessionUser, id: string): Promise<DrillSessionDto> {
    await this.facilitate(user, id, async (m, s) => {
      if (s.status !== 'scheduled')
        throw new DomainError(ErrorCode.Conflict, 'This drill has started already');
      await this.repo.start(m, id, this.clock.now());
    });
    return this.show(user, id);
  }

  /** Releases the next inject in order (starting the session if it has not started). */
  async release(user: SessionUser, id: string): Promise<DrillSessionDto> {
    await this.facilitate(user, id, async (m, s) => {
      if (s.released >= s.injects.length)
        throw new DomainError(ErrorCode.Conflict, 'Every inject has been released');
      if (s.status === 'scheduled') await this.repo.start(m, id, this.clock.now());
      await this.repo.release(m, id, s.released + 1);
    });
    return this.show(user, id);
  }

  async note(user: SessionUser, id: string, text: string): Promise<DrillSessionDto> {
    await this.facilitate(user, id, async (m, s) => {
      const minute = s.startedAt
        ? Math.max(0, Math.floor((this.clock.now().getTime() - s.startedAt.getTime()) / 60_000))
        : 0;
      await this.repo.addNote(m, {
        sessionId: id,
        authorId: user.id,
        minute,
        text: text.trim(),
        at: this.clock.now(),
      });
    });
    return this.show(user, id);
  }

  /** An observer records attendance and rates a participant on the rubric; each rated competency becomes evidence. */
  async observe(
    user: SessionUser,
    id: string,
    dto: DrillObservationInputDto,
  ): Promise<DrillSessionDto> {
    const { session, participants, me, staff } = await this.access(user, id);
    if (!staff && me?.role !== 'observer')
      throw new DomainError(ErrorCode.Forbidden, 'Only observers and staff rate participants');
    if (session.status === 'closed')
      throw new DomainError(ErrorCode.Conflict, 'This drill is closed');
    const participant = participants.find((p) => p.userId === dto.participantId);
    if (!participant)
      throw invalid('participantId', 'participantId must be a participant of this drill');
    if (participant.userId === user.id)
      throw invalid('participantId', 'Observers do not rate themselves');
    if (!dto.attended && dto.scores.length)
      throw invalid('scores', 'Someone who was not there cannot be rated');
    const byCompetency = this.ratings(session.drillId, dto);
    const framework = this.content.catalog.framework;
    const cap = framework.rules.drill ?? framework.scale[0].id;
    const at = this.clock.now();
    await this.repo.transaction(async (m) => {
      await this.repo.setAttendance(m, id, participant.userId, dto.attended);
      for (const [competencyId, criteria] of byCompetency) {
        const observed = this.lowest(Object.values(criteria));
        const note = [
          `${session.title}: observed ${Object.entries(criteria)
            .map(([c, l]) => `${c} ${l}`)
            .join(', ')}`,
          dto.note?.trim(),
        ]
          .filter(Boolean)
          .join('. ');
        const added = await this.repo.addObservation(m, {
          sessionId: id,
          participantId: participant.userId,
          observerId: user.id,
          competencyId,
          criteria,
          level: observed,
          note: dto.note?.trim() || null,
          at,
        });
        if (!added)
          throw new DomainError(
            ErrorCode.Conflict,
            `You have rated ${competencyId} for this person already`,
          );
        await this.competencies.recordEvidence(
          [
            {
              volunteerId: participant.userId,
              competencyId,
              source: 'drill',
              sourceRef: `drill-session:${id}`,
              actorId: user.id,
              level: capLevel(framework, observed, cap),
              grade: levelGrade(framework, observed),
              note,
            },
          ],
          m,
        );
      }
      await this.audit.append(m, {
        actor: `user:${user.id}`,
        organizationId: session.organizationId,
        action: 'drill_session.observed',
        subject: `drill_session:${id}`,
        details: {
          participantId: participant.userId,
          attended: dto.attended,
          competencies: [...byCompetency.keys()],
        },
      });
    });
    return this.show(user, id);
  }

  async close(user: SessionUser, id: string, summary: string): Promise<DrillSessionDto> {
    await this.facilitate(user, id, async (m, s) => {
      await this.repo.close(m, id, summary.trim(), this.clock.now());
      await this.audit.append(m, {
        actor: `user:${user.id}`,
        organizationId: s.organizationId,
        action: 'drill_session.closed',
        subject: `drill_session:${id}`,
      });
    });
    return this.show(user, id);
  }

  /** Sends the reminders that are due: a day before and an hour before. Safe to run anywhere, any number of times. */
  async sendDueReminders(): Promise<number> {
    const now = this.clock.now();
    const sent = await this.repo.withJobLock('kindred:drill-reminders', async (m) => {
      let count = 0;
      for (const [kind, from, to] of [
        ['hour', 0, 60],
        ['day', 60, 24 * 60],
      ] as const) {
        for (const r of await this.repo.due(m, now, from, to, kind)) {
          if (!(await this.repo.claimReminder(m, r.sessionId, r.userId, kind, now))) continue;
          const person: ParticipantRow = {
            userId: r.userId,
            name: r.personName,
            email: r.email,
            role: r.personRole,
            attended: null,
            locale: r.locale,
          };
          const session = { ...r, id: r.sessionId };
          const { subject: _, text: __, to: ___, ...mail } = this.mail(session, person, kind);
          await this.notifications.notify(m, {
            userId: r.userId,
            kind: 'drill_reminder',
            says: (lang) => ({
              title: say(lang, 'drill.subject', { kind, title: r.title }),
              body: say(lang, 'drill.reminder.body', {
                kind,
                title: r.title,
                when: sayWhen(lang, new Date(r.startsAt)),
              }),
              mailText: this.mailLines(session, person, kind, lang),
            }),
            link: `/drill-sessions/${r.sessionId}`,
            mail,
          });
          count++;
        }
      }
      return count;
    });
    return sent ?? 0;
  }

  private rubric(drillId: string, lang: Lang = 'en'): Competency[] {
    const drill = this.content.drill(drillId);
    return (drill?.competencies ?? [])
      .map((c) => this.content.competency(c, lang))
      .filter((c): c is Competency => Boolean(c));
  }

  /** Checks each rating against the drill's rubric and the scale; groups them by competency. */
  private ratings(
    drillId: string,
    dto: DrillObservationInputDto,
  ): Map<string, Record<string, string>> {
    const rubric = this.rubric(drillId);
    const levels = new Set(this.content.catalog.framework.scale.map((s) => s.id));
    const out = new Map<string, Record<string, string>>();
    dto.scores.forEach((s, i) => {
      const competency = rubric.find((c) => c.id === s.competencyId);
      if (!competency)
        throw invalid(
          `scores.${i}.competencyId`,
          'competencyId must be one of this drill’s competencies',
        );
      if (!competency.rubric.some((r) => r.id === s.criterionId))
        throw invalid(
          `scores.${i}.criterionId`,
          `criterionId must be a criterion of ${competency.id}`,
        );
      if (!levels.has(s.level))
        throw invalid(`scores.${i}.level`, 'level must be a level of the scale');
      out.set(s.competencyId, { ...out.get(s.competencyId), [s.criterionId]: s.level });
    });
    return out;
  }

  private lowest(levels: string[]): string {
    const ids = this.content.catalog.framework.scale.map((s) => s.id);
    return ids[Math.min(...levels.map((l) => ids.indexOf(l)))];
  }

  private async access(user: SessionUser, id: string) {
    const session = await this.repo.session(id);
    if (!session) throw new DomainError(ErrorCode.NotFound, 'There is no such drill session');
    const participants = await this.repo.participants(id);
    const me = participants.find((p) => p.userId === user.id);
    const staff = STAFF.some((r) => hasRole(user, r, session.organizationId));
    if (!me && !staff) throw new DomainError(ErrorCode.NotFound, 'There is no such drill session');
    return { session, participants, me, staff };
  }

  private async facilitate(
    user: SessionUser,
    id: string,
    work: (m: import('typeorm').EntityManager, s: SessionRow) => Promise<void>,
  ): Promise<void> {
    const { me, staff } = await this.access(user, id);
    if (!staff && me?.role !== 'facilitator')
      throw new DomainError(ErrorCode.Forbidden, 'Only the facilitator and staff run the drill');
    await this.repo.transaction(async (m) => {
      const s = (await this.repo.session(id, m, true))!;
      if (s.status === 'closed') throw new DomainError(ErrorCode.Conflict, 'This drill is closed');
      await work(m, s);
    });
  }

  private summary(s: SessionRow): DrillSessionSummaryDto {
    return {
      id: s.id,
      title: s.title,
      kind: s.kind,
      startsAt: s.startsAt.toISOString(),
      minutes: s.minutes,
      status: s.status,
      place: s.place,
      videoUrl: s.videoUrl,
      myRole: null,
    };
  }

  private ics(s: SessionRow, lang: Lang = 'en'): string {
    const link = `${this.origin()}/drill-sessions/${s.id}`;
    return icsEvent({
      uid: `drill-session-${s.id}@kindred`,
      start: s.startsAt,
      end: new Date(s.startsAt.getTime() + s.minutes * 60_000),
      stamp: this.clock.now(),
      summary: say(lang, 'ics.summary', { drillKind: s.kind, title: s.title }),
      description: [
        say(lang, 'ics.groupDrill', { drillKind: s.kind }),
        s.videoUrl ? say(lang, 'ics.video', { link: s.videoUrl }) : '',
        say(lang, 'drill.details', { link }),
      ]
        .filter(Boolean)
        .join('\n'),
      location: s.place ?? s.videoUrl ?? undefined,
      url: link,
    });
  }

  /** What the invitation or reminder says after the greeting. */
  private mailLines(
    s: SessionRow,
    p: ParticipantRow,
    kind: 'invitation' | 'day' | 'hour',
    lang: Lang,
    by?: string,
  ): string {
    const origin = this.origin();
    const where = [s.place, s.videoUrl].filter(Boolean).join(' / ');
    const about = { kind, drillKind: s.kind, title: s.title };
    return [
      kind === 'invitation'
        ? say(lang, 'drill.invited', { ...about, by: by ?? say(lang, 'drill.yourProgram') })
        : say(lang, 'drill.reminded', about),
      say(lang, 'drill.when', { when: sayWhen(lang, s.startsAt), minutes: s.minutes }),
      say(lang, 'drill.where', { where }),
      say(lang, 'drill.role', { role: p.role }),
      say(lang, 'drill.details', { link: `${origin}/drill-sessions/${s.id}` }),
      say(lang, 'drill.calendar', { link: `${origin}/api/drill-sessions/${s.id}/calendar.ics` }),
      say(lang, 'drill.stepOut'),
      ...(kind === 'invitation' ? ['', say(lang, 'drill.attached')] : []),
    ].join('\n');
  }

  /** The invitation or reminder e-mail to one participant, in their saved language. */
  private mail(s: SessionRow, p: ParticipantRow, kind: 'invitation' | 'day' | 'hour', by?: string) {
    const lang: Lang = isLang(p.locale) ? p.locale : 'en';
    const subject = say(lang, 'drill.subject', { kind, title: s.title });
    const text = `${say(lang, 'mail.greeting', { name: p.name })}\n\n${this.mailLines(s, p, kind, lang, by)}`;
    // The invitation carries the event as a real text/calendar attachment; reminders refer back to it.
    const attachments =
      kind === 'invitation'
        ? [
            {
              filename: 'kindred-drill.ics',
              contentType: 'text/calendar; method=PUBLISH; charset=utf-8',
              content: this.ics(s, lang),
            },
          ]
        : [];
    return {
      to: p.email,
      subject,
      text,
      kind: `drill_${kind}`,
      organizationId: s.organizationId,
      attachments,
    };
  }
}
