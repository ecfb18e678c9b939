import { Inject, Injectable } from '@nestjs/common';
import { DAY_MS } from '@kindred/certificates';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { toCsv } from '../common/csv.js';
import { DomainError, ErrorCode, invalid } from '../common/errors.js';
import { orgsWithRole, type SessionUser } from '../common/session-user.js';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { drawMap } from './network-map.js';
import { FileProblem, parseAreas, parseNeeds, type AreaNeed } from './network-files.js';
import type {
  Coverage,
  GapReason,
  MyReachDto,
  NetworkGapDto,
  NetworkOverviewDto,
  NetworkRulesDto,
  NetworkUploadInputDto,
  NetworkUploadedDto,
  ProgramNetworkDto,
  PublicAreaDto,
  ReachInputDto,
} from './network.dto.js';
import { NetworkRepository, type AreaRow, type ReachFacts } from './network.repository.js';

export const COUNTS_ROUND_TO = 5;
export const HOURS_ROUND_TO = 10;
export const QUARTER_DAYS = 91;

/** A neighbourhood reaches "good" coverage at one volunteer per this many residents… */
export const RESIDENTS_PER_VOLUNTEER = 1000;
/** …or per this many where the need index is at least HIGH_NEED. */
export const RESIDENTS_PER_VOLUNTEER_HIGH_NEED = 500;
export const HIGH_NEED = 50;

interface Tally {
  volunteers: number;
  trained: number;
  certified: number;
  hours: number;
  withHours: number;
  languages: Map<string, number>;
}

const emptyTally = (): Tally => ({
  volunteers: 0,
  trained: 0,
  certified: 0,
  hours: 0,
  withHours: 0,
  languages: new Map(),
});

function add(t: Tally, v: ReachFacts): void {
  t.volunteers++;
  if (v.trained) t.trained++;
  if (v.certified) t.certified++;
  if (v.hours > 0) {
    t.hours += v.hours;
    t.withHours++;
  }
  for (const l of v.languages) t.languages.set(l, (t.languages.get(l) ?? 0) + 1);
}

/**
 * Where the network reaches (issue 21). The public figures count only volunteers who opted in; every count
 * is computed afresh per request (an opt-out shows at the next load), a count of 1 to threshold−1 is
 * withheld, the rest rounded; hours are shown only when at least the threshold of volunteers logged them.
 * Person-level facts never leave this service.
 */
@Injectable()
export class NetworkService {
  constructor(
    private readonly repo: NetworkRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  rules(): NetworkRulesDto {
    return {
      threshold: this.config.suppressBelow,
      countsRoundTo: COUNTS_ROUND_TO,
      hoursRoundTo: HOURS_ROUND_TO,
      quarterDays: QUARTER_DAYS,
    };
  }

  /** 0 stays 0 (nobody is nobody); 1 to threshold−1 is withheld; the rest rounded to the nearest 5. */
  count(n: number): number | null {
    if (n === 0) return 0;
    if (n < this.config.suppressBelow) return null;
    return Math.max(COUNTS_ROUND_TO, Math.round(n / COUNTS_ROUND_TO) * COUNTS_ROUND_TO);
  }

  private hours(t: Tally): number | null {
    if (t.withHours < this.config.suppressBelow) return null;
    return Math.round(t.hours / HOURS_ROUND_TO) * HOURS_ROUND_TO;
  }

  private languages(t: Tally): string[] {
    return [...t.languages]
      .filter(([, n]) => n >= this.config.suppressBelow)
      .map(([l]) => l)
      .sort();
  }

  private coverage(a: AreaRow, volunteers: number | null): Coverage {
    if (!volunteers) return 'none';
    if (a.population === null) return 'some';
    const per =
      a.need !== null && a.need >= HIGH_NEED
        ? RESIDENTS_PER_VOLUNTEER_HIGH_NEED
        : RESIDENTS_PER_VOLUNTEER;
    return volunteers * per >= a.population ? 'good' : 'some';
  }

  private tallies(areas: AreaRow[], reach: ReachFacts[]) {
    const byArea = new Map(areas.map((a) => [a.code, emptyTally()]));
    const total = emptyTally();
    for (const v of reach) {
      const served = new Set(v.areas.filter((c) => byArea.has(c)));
      if (!served.size) continue;
      add(total, v);
      for (const code of served) add(byArea.get(code)!, v);
    }
    return { byArea, total };
  }

  /** The public figures of every program that has a map (GET /api/network, the /network page). */
  async overview(): Promise<NetworkOverviewDto> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - QUARTER_DAYS * DAY_MS);
    const maps = await this.repo.maps();
    const ids = maps.map((m) => m.organizationId);
    const [areas, reach] = await Promise.all([
      this.repo.areas(ids),
      this.repo.reach(ids, since, now, true),
    ]);
    return {
      rules: this.rules(),
      networks: maps.map((map) => {
        const mine = areas.filter((a) => a.organizationId === map.organizationId);
        const { byArea, total } = this.tallies(
          mine,
          reach.filter((r) => r.organizationId === map.organizationId),
        );
        return {
          organizationSlug: map.slug,
          organizationName: map.name,
          viewWidth: map.viewWidth,
          viewHeight: map.viewHeight,
          updatedAt: map.uploadedAt.toISOString(),
          areas: mine.map((a): PublicAreaDto => {
            const t = byArea.get(a.code)!;
            const volunteers = this.count(t.volunteers);
            return {
              code: a.code,
              name: a.name,
              path: a.path,
              labelX: a.labelX,
              labelY: a.labelY,
              population: a.population,
              need: a.need,
              volunteers,
              trained: this.count(t.trained),
              certified: this.count(t.certified),
              hours: this.hours(t),
              languages: this.languages(t),
              coverage: this.coverage(a, volunteers),
            };
          }),
          totals: {
            volunteers: this.count(total.volunteers),
            trained: this.count(total.trained),
            certified: this.count(total.certified),
            hours: this.hours(total),
            languages: this.languages(total),
          },
        };
      }),
    };
  }

  private coordinated(user: SessionUser, organizationId: string | undefined): string {
    const orgs = orgsWithRole(user, 'coordinator');
    if (organizationId) {
      if (!orgs.includes(organizationId))
        throw new DomainError(ErrorCode.Forbidden, 'You do not coordinate this program');
      return organizationId;
    }
    if (orgs.length !== 1)
      throw invalid('organizationId', 'organizationId: name the program (you coordinate several)');
    return orgs[0];
  }

  /** The coordinator uploads the city's neighbourhoods (GeoJSON) and, optionally, their needs (CSV). */
  upload(user: SessionUser, input: NetworkUploadInputDto): Promise<NetworkUploadedDto> {
    return this.replaceMap(this.coordinated(user, input.organizationId), user.id, input);
  }

  /** Checks the files, draws the outlines and replaces the program's map (the upload, and the demo seed). */
  async replaceMap(
    organizationId: string,
    byUserId: string,
    input: Omit<NetworkUploadInputDto, 'organizationId'>,
  ): Promise<NetworkUploadedDto> {
    let needs = new Map<string, AreaNeed>();
    let sources;
    try {
      sources = parseAreas(input.geojsonName, input.geojson);
      if (input.csv?.trim())
        needs = parseNeeds(
          input.csvName ?? 'needs.csv',
          input.csv,
          new Set(sources.map((a) => a.code)),
        );
    } catch (e) {
      if (e instanceof FileProblem)
        throw new DomainError(ErrorCode.Unprocessable, e.message, [
          { field: e.file === input.geojsonName ? 'geojson' : 'csv', messages: [e.message] },
        ]);
      throw e;
    }
    const drawn = drawMap(sources);
    const at = this.clock.now();
    await this.repo.transaction(async (m) => {
      await this.repo.replaceMap(
        m,
        {
          organizationId,
          width: drawn.width,
          height: drawn.height,
          sourceName: input.geojsonName,
          by: byUserId,
          at,
        },
        sources.map((s, i) => ({
          code: s.code,
          name: s.name,
          position: i,
          path: drawn.areas[i].path,
          labelX: drawn.areas[i].labelX,
          labelY: drawn.areas[i].labelY,
          population: needs.get(s.code)?.population ?? null,
          need: needs.get(s.code)?.need ?? null,
          languagesAsked: needs.get(s.code)?.languagesAsked ?? [],
        })),
      );
      await this.audit.append(m, {
        organizationId,
        actor: `user:${byUserId}`,
        action: 'network.map_uploaded',
        subject: `organization:${organizationId}`,
        details: {
          file: input.geojsonName,
          areas: sources.length,
          needsFile: input.csvName ?? null,
        },
      });
    });
    return { areas: sources.length, withNeeds: needs.size };
  }

  /**
   * The coordinator's version: the gaps. Counts here take every volunteer who declared a reach (opted in
   * to the public figures or not: they serve there all the same), with the same withholding and rounding.
   */
  async program(user: SessionUser, organizationId?: string): Promise<ProgramNetworkDto> {
    const org = this.coordinated(user, organizationId);
    const now = this.clock.now();
    const since = new Date(now.getTime() - QUARTER_DAYS * DAY_MS);
    const [maps, areas, reach] = await Promise.all([
      this.repo.maps([org]),
      this.repo.areas([org]),
      this.repo.reach([org], since, now, false),
    ]);
    const { byArea } = this.tallies(areas, reach);
    const gaps = areas
      .map((a): NetworkGapDto => {
        const t = byArea.get(a.code)!;
        const languagesMissing = a.languagesAsked.filter((l) => !t.languages.has(l));
        const reasons: GapReason[] = [];
        if (t.certified === 0) reasons.push('no_certified');
        if (t.volunteers < this.config.suppressBelow) reasons.push('few_volunteers');
        if (languagesMissing.length) reasons.push('languages');
        return {
          code: a.code,
          name: a.name,
          population: a.population,
          need: a.need,
          volunteers: this.count(t.volunteers),
          certified: this.count(t.certified),
          languagesAsked: a.languagesAsked,
          languagesMissing,
          reasons,
        };
      })
      .filter((g) => g.reasons.length)
      .sort((x, y) => (y.need ?? -1) - (x.need ?? -1) || x.name.localeCompare(y.name));
    const orgName = user.memberships.find((m) => m.organizationId === org)?.organizationName ?? '';
    return {
      organizationId: org,
      organizationName: orgName,
      rules: this.rules(),
      sourceName: maps[0]?.sourceName ?? null,
      uploadedAt: maps[0]?.uploadedAt.toISOString() ?? null,
      areas: areas.length,
      gaps,
    };
  }

  async gapsCsv(user: SessionUser, organizationId?: string): Promise<string> {
    const p = await this.program(user, organizationId);
    const n = (v: number | null) => (v === null ? `<${p.rules.threshold}` : String(v));
    return toCsv([
      [
        'code',
        'name',
        'population',
        'need',
        'volunteers',
        'certified',
        'languages_asked',
        'languages_missing',
        'gaps',
      ],
      ...p.gaps.map((g) => [
        g.code,
        g.name,
        g.population === null ? '' : String(g.population),
        g.need === null ? '' : String(g.need),
        n(g.volunteers),
        n(g.certified),
        g.languagesAsked.join(' '),
        g.languagesMissing.join(' '),
        g.reasons.join(' '),
      ]),
    ]);
  }

  /** My reach in each program I volunteer with, and that program's neighbourhoods to choose from. */
  async mine(user: SessionUser): Promise<MyReachDto[]> {
    const orgs = user.memberships.filter((m) => m.role === 'volunteer');
    const ids = orgs.map((o) => o.organizationId);
    const [areas, saved] = await Promise.all([
      this.repo.areas(ids),
      this.repo.myReach(user.id, ids),
    ]);
    return orgs.map((o) => {
      const s = saved.find((r) => r.organizationId === o.organizationId);
      const options = areas
        .filter((a) => a.organizationId === o.organizationId)
        .map((a) => ({ code: a.code, name: a.name }));
      const known = new Set(options.map((a) => a.code));
      return {
        organizationId: o.organizationId,
        organizationName: o.organizationName,
        areaOptions: options,
        areas: (s?.areas ?? []).filter((c) => known.has(c)),
        languages: s?.languages ?? [],
        public: s?.public ?? false,
        updatedAt: s?.updatedAt.toISOString() ?? null,
      };
    });
  }

  async saveMine(user: SessionUser, input: ReachInputDto): Promise<MyReachDto> {
    const orgs = orgsWithRole(user, 'volunteer');
    const organizationId = input.organizationId ?? (orgs.length === 1 ? orgs[0] : undefined);
    if (!organizationId)
      throw invalid(
        'organizationId',
        'organizationId: name the program (you volunteer with several)',
      );
    if (!orgs.includes(organizationId))
      throw new DomainError(ErrorCode.Forbidden, 'You do not volunteer with this program');
    const known = new Set((await this.repo.areas([organizationId])).map((a) => a.code));
    const unknown = input.areas.filter((c) => !known.has(c));
    if (unknown.length)
      throw new DomainError(
        ErrorCode.Unprocessable,
        `areas: no neighbourhood ${unknown.join(', ')} on the map`,
        [
          {
            field: 'areas',
            messages: [`areas: no neighbourhood ${unknown.join(', ')} on the map`],
          },
        ],
      );
    await this.repo.transaction((m) =>
      this.repo.saveReach(m, {
        userId: user.id,
        organizationId,
        areas: [...new Set(input.areas)],
        languages: [...new Set(input.languages)],
        public: input.public,
        at: this.clock.now(),
      }),
    );
    return (await this.mine(user)).find((r) => r.organizationId === organizationId)!;
  }
}
