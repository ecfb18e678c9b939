import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { openApiDocument } from './bootstrap.js';
import { loadConfig } from './config/config.js';

/** Writes the OpenAPI document by booting the module graph in preview mode: no database, no listening. */
const out = process.argv[2] ?? 'openapi.json';
const config = loadConfig({ ...process.env, SESSION_SECRET: 'x'.repeat(32) });
const app = await NestFactory.create(
  AppModule.forRoot(config, 'postgres://preview@localhost/preview', { schedule: false }),
  { preview: true, logger: false },
);
app.setGlobalPrefix('api');
const doc = openApiDocument(app);
writeFileSync(out, JSON.stringify(doc, null, 2) + '\n');
console.log(`wrote ${out}`);
await app.close();
