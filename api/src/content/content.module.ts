import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Catalog } from '@kindred/courses';
import { ContentService } from './content.service.js';

@Global()
@Module({})
export class ContentModule {
  static forRoot(catalog: Catalog): DynamicModule {
    return {
      module: ContentModule,
      providers: [{ provide: ContentService, useValue: new ContentService(catalog) }],
      exports: [ContentService],
    };
  }
}
