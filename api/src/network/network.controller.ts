import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '../common/access.js';
import { CsvFile } from '../common/csv.js';
import { invalid } from '../common/errors.js';
import type { SessionUser } from '../common/session-user.js';
import {
  MyReachDto,
  NetworkOverviewDto,
  NetworkUploadedDto,
  NetworkUploadInputDto,
  ProgramNetworkDto,
  ReachInputDto,
} from './network.dto.js';
import { NetworkService } from './network.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function organizationId(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!UUID.test(raw)) throw invalid('organizationId', 'organizationId must be a UUID');
  return raw;
}

/** The volunteer's own reach: the neighbourhoods they serve, their languages, the public opt-in. */
@ApiTags('network')
@Controller('me/reach')
export class MyReachController {
  constructor(private readonly network: NetworkService) {}

  @Get()
  @Roles('volunteer')
  @ApiOperation({
    summary:
      'Where I reach, in each program I volunteer with (and its neighbourhoods to choose from)',
    operationId: 'myReach',
  })
  @ApiOkResponse({ type: [MyReachDto] })
  mine(@CurrentUser() user: SessionUser): Promise<MyReachDto[]> {
    return this.network.mine(user);
  }

  @Put()
  @Roles('volunteer')
  @ApiOperation({
    summary:
      'Set the neighbourhoods I serve, my languages, and whether I count in the public figures (off by default)',
    operationId: 'saveMyReach',
  })
  @ApiOkResponse({ type: MyReachDto })
  save(@CurrentUser() user: SessionUser, @Body() body: ReachInputDto): Promise<MyReachDto> {
    return this.network.saveMine(user, body);
  }
}

/** Anyone, no account: the public map's figures, withheld and rounded so nobody can be picked out. */
@ApiTags('network')
@Controller('network')
export class PublicNetworkController {
  constructor(private readonly network: NetworkService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary:
      'Where the network reaches: per neighbourhood, volunteers (trained, certified), languages and verified hours of the last quarter; small counts withheld, the rest rounded',
    operationId: 'networkOverview',
  })
  @ApiOkResponse({ type: NetworkOverviewDto })
  overview(): Promise<NetworkOverviewDto> {
    return this.network.overview();
  }
}

/** The coordinator's map: upload the city's neighbourhoods, see the gaps. */
@ApiTags('program')
@Controller('program/network')
export class ProgramNetworkController {
  constructor(private readonly network: NetworkService) {}

  @Get()
  @Roles('coordinator')
  @ApiQuery({ name: 'organizationId', required: false })
  @ApiOperation({
    summary:
      'The map of my program and its gaps (neighbourhoods with need and too few volunteers, languages not covered)',
    operationId: 'programNetwork',
  })
  @ApiOkResponse({ type: ProgramNetworkDto })
  program(
    @CurrentUser() user: SessionUser,
    @Query('organizationId') org?: string,
  ): Promise<ProgramNetworkDto> {
    return this.network.program(user, organizationId(org));
  }

  @Get('gaps.csv')
  @Roles('coordinator')
  @CsvFile('gaps.csv')
  @ApiQuery({ name: 'organizationId', required: false })
  @ApiOperation({ summary: 'The gaps as CSV', operationId: 'networkGapsCsv' })
  gapsCsv(
    @CurrentUser() user: SessionUser,
    @Query('organizationId') org?: string,
  ): Promise<string> {
    return this.network.gapsCsv(user, organizationId(org));
  }

  @Put()
  @Roles('coordinator')
  @ApiOperation({
    summary:
      "Upload the city's neighbourhoods (GeoJSON) and optionally their need figures (CSV joined by code); a bad file answers 422 naming file:line",
    operationId: 'uploadNetworkMap',
  })
  @ApiOkResponse({ type: NetworkUploadedDto })
  upload(
    @CurrentUser() user: SessionUser,
    @Body() body: NetworkUploadInputDto,
  ): Promise<NetworkUploadedDto> {
    return this.network.upload(user, body);
  }
}
