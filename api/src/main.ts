import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from './config/config.js';
import type { EmbeddedDatabase } from './database/embedded.js';
import { dataSourceOptions, migrate } from './database/data-source.js';
import { buildApp } from './bootstrap.js';
import { loadWebHandler } from './web-handler.js';
import { DEMO_PASSWORD, seed } from './seed/seed.js';
import { ContentError, ContentService, loadCatalog } from './content/content.service.js';
import { syncCatalog } from './courses/catalog.sync.js';
import { DemoCertificates } from './certificates/certificates.seed.js';
import { PathwayDemo } from './pathways/pathways.seed.js';
import { NetworkDemo } from './network/network.seed.js';
import { LearningLoopsDemo } from './feedback/feedback.seed.js';
import { DrillsService } from './drills/drills.service.js';
import { FeedbackService } from './feedback/feedback.service.js';
import { SelfRatingsService } from './feedback/self-ratings.service.js';
import { CoursesService } from './courses/courses.service.js';
import { QuietLogger } from './common/quiet-logger.js';

const logger = new Logger('Kindred');

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Configuration error: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  // Lines before the app exists go through the same logger (JSON in production).
  Logger.overrideLogger(new QuietLogger({ json: config.logFormat === 'json' }));

  let catalog;
  try {
    catalog = loadCatalog(config.coursesDir);
  } catch (e) {
    if (e instanceof ContentError) {
      console.error(
        `Refusing to start: ${e.message}\nFix these (pnpm courses:check lists them) and start again.`,
      );
      process.exit(1);
    }
    throw e;
  }
  logger.log(
    `content: ${catalog.courses.length} courses, ${catalog.courses.reduce((n, c) => n + c.modules.length, 0)} modules, ${catalog.drills.length} drills, ${catalog.framework.competencies.length} competencies`,
  );

  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const t = Date.now();
    const supervisor = new Logger('Database');
    // Loaded only here: a deployment with DATABASE_URL never loads the embedded server's package.
    const { startEmbeddedPostgres } = await import('./database/embedded.js');
    embedded = await startEmbeddedPostgres(
      config.dataDir,
      (line) => config.databaseLog && console.log('[postgres]', line),
      (event) =>
        event.kind === 'restarted' ? supervisor.log(event.detail) : supervisor.warn(event.detail),
    );
    databaseUrl = embedded.url;
    logger.log(`embedded PostgreSQL ready in ${Date.now() - t} ms (data in ${config.dataDir})`);
  }

  let stopping = false;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: stopping`);
    await app?.close().catch(() => undefined);
    await Promise.race([embedded?.stop(), new Promise((r) => setTimeout(r, 10_000).unref())]).catch(
      () => undefined,
    );
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const applied = await migrate(databaseUrl);
  if (applied.length) logger.log(`migrations applied: ${applied.join(', ')}`);

  // The catalog tables follow the content: new module versions get new rows, nothing is erased.
  const ds = new DataSource(dataSourceOptions(databaseUrl));
  await ds.initialize();
  try {
    const synced = await syncCatalog(ds, catalog);
    logger.log(
      `course catalog: ${synced.courses} courses, ${synced.modules} modules` +
        (synced.newVersions.length ? ` (new versions: ${synced.newVersions.join(', ')})` : ''),
    );
  } finally {
    await ds.destroy();
  }

  if (config.seed) {
    const ds = new DataSource(dataSourceOptions(databaseUrl));
    await ds.initialize();
    try {
      const people = await seed(ds);
      logger.log(
        `demo seed ready; sign in with any of these (password "${DEMO_PASSWORD}"):\n` +
          people.map((p) => `    ${p.role.padEnd(17)} ${p.email}`).join('\n'),
      );
    } finally {
      await ds.destroy();
    }
  }

  const web = await loadWebHandler(`http://127.0.0.1:${config.port}`, config);
  if (!web) logger.warn('web/build is missing: only the API is served (run `pnpm build`)');
  app = await buildApp(config, databaseUrl, { web, catalog });
  const url = config.publicOrigin;
  if (config.seed) {
    await app.init();
    if (await app.get(NetworkDemo).ensure())
      logger.log('demo network map: the Riverside neighbourhoods and their volunteers at /network');
    // after the neighbours exist; through the services a volunteer's requests use
    if (
      await new LearningLoopsDemo(
        app.get(DataSource),
        app.get(DrillsService),
        app.get(FeedbackService),
        app.get(ContentService),
        app.get(CoursesService),
        app.get(SelfRatingsService),
      ).ensure()
    )
      logger.log(
        'demo learning loops: neighbours played the library drill, gave feedback and rated a course before and after (/admin/drill-analysis, /admin/feedback, /admin/evaluation)',
      );
    const demo = await app.get(DemoCertificates).ensure(url);
    if (demo.length)
      logger.log(
        'demo certificates; check them at:\n' +
          demo.map((d) => `    ${d.label.padEnd(17)} ${d.verifyUrl}  (${d.holder})`).join('\n'),
      );
    if (await app.get(PathwayDemo).ensure())
      logger.log(
        'demo pathway: tomas@kindred.demo is a provisional peer supporter 3.5 verified hours short of certification',
      );
  }
  await app.listen(config.port, config.host);
  logger.log(`Kindred is running at ${url}  (API docs: ${url}/api/docs)`);
}

main().catch((e: unknown) => {
  logger.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
