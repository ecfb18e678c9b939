import { Module } from '@nestjs/common';
import {
  MyReachController,
  ProgramNetworkController,
  PublicNetworkController,
} from './network.controller.js';
import { NetworkDemo } from './network.seed.js';
import { NetworkRepository } from './network.repository.js';
import { NetworkService } from './network.service.js';

/** Where the network reaches (issue 21): volunteers' reach, the coordinator's map, the public figures. */
@Module({
  controllers: [MyReachController, PublicNetworkController, ProgramNetworkController],
  providers: [NetworkService, NetworkRepository, NetworkDemo],
  exports: [NetworkDemo],
})
export class NetworkModule {}
