import { Global, Module } from '@nestjs/common';
import { EvidenceEvents } from './evidence-events.js';
import { EvidenceRepository } from './evidence.repository.js';

@Global()
@Module({
  providers: [EvidenceRepository, EvidenceEvents],
  exports: [EvidenceRepository, EvidenceEvents],
})
export class EvidenceModule {}
