import { Global, Module } from '@nestjs/common';
import { EvidenceRepository } from './evidence.repository.js';

@Global()
@Module({ providers: [EvidenceRepository], exports: [EvidenceRepository] })
export class EvidenceModule {}
