import { Controller, Get, type OnApplicationShutdown, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/access.js';
import { MIGRATIONS } from '../database/data-source.js';
import { HealthRepository } from './health.repository.js';

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status: 'ok' | 'unavailable';
  @ApiProperty({ enum: ['up', 'down'] }) database: 'up' | 'down';
  @ApiProperty() uptimeSeconds: number;
}

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
  @ApiProperty() uptimeSeconds: number;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ready', 'not_ready'] }) status: 'ready' | 'not_ready';
  @ApiProperty({ enum: ['up', 'down'] }) database: 'up' | 'down';
  @ApiProperty({ description: 'Migrations this build has that the database has not applied' })
  pendingMigrations: number;
  @ApiProperty() stopping: boolean;
}

/**
 * Three probes. `live`: the process answers (a failing one should be restarted), without touching the
 * database, so a database outage never gets every instance killed. `ready`: this instance should get traffic —
 * database reachable, every migration of this build applied, not shutting down. `/api/health` (kept for people
 * and existing checks) is liveness plus the database.
 */
@ApiTags('health')
@Controller('health')
export class HealthController implements OnApplicationShutdown {
  private stopping = false;
  constructor(private readonly repo: HealthRepository) {}

  onApplicationShutdown(): void {
    this.stopping = true;
  }

  @Get('live')
  @Public()
  @ApiOperation({
    summary: 'Liveness: the process answers (never touches the database)',
    operationId: 'healthLive',
  })
  @ApiOkResponse({ type: LivenessDto })
  live(@Res({ passthrough: true }) res: Response): LivenessDto {
    res.setHeader('cache-control', 'no-store');
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  @Get('ready')
  @Public()
  @ApiOperation({
    summary:
      'Readiness: database reachable, every migration applied, not shutting down (503 otherwise)',
    operationId: 'healthReady',
  })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: ReadinessDto })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessDto> {
    const applied = await withTimeout(this.repo.appliedMigrations());
    const pendingMigrations = applied
      ? MIGRATIONS.filter((m) => !applied.has(m.name)).length
      : MIGRATIONS.length;
    const ok = Boolean(applied) && pendingMigrations === 0 && !this.stopping;
    res.status(ok ? 200 : 503).setHeader('cache-control', 'no-store');
    return {
      status: ok ? 'ready' : 'not_ready',
      database: applied ? 'up' : 'down',
      pendingMigrations,
      stopping: this.stopping,
    };
  }

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Liveness and database reachability (503 while the database is down)',
    operationId: 'health',
  })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const up = await Promise.race([
      this.repo.ping().then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((r) => setTimeout(() => r(false), 2000).unref()),
    ]);
    res.status(up ? 200 : 503).setHeader('cache-control', 'no-store');
    return {
      status: up ? 'ok' : 'unavailable',
      database: up ? 'up' : 'down',
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}

/** The value, or undefined when the query fails or takes over 2 s (a database that hangs is not ready). */
function withTimeout<T>(p: Promise<T>): Promise<T | undefined> {
  return Promise.race([
    p.catch(() => undefined),
    new Promise<undefined>((r) => setTimeout(() => r(undefined), 2000).unref()),
  ]);
}
