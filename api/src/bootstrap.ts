import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { INestApplication } from '@nestjs/common';
import session from 'express-session';
import connectPg from 'connect-pg-simple';
import cookieParser from 'cookie-parser';
import passport from 'passport';
import helmet from 'helmet';
import pg from 'pg';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppConfig } from './config/config.js';
import { AppModule, type AppOptions } from './app.module.js';
import { validationPipe } from './common/validation.js';
import { SESSION_COOKIE } from './common/csrf.js';

export interface BuildOptions extends AppOptions {
  /** The SvelteKit handler (web/build/handler.js), mounted for every path outside /api. */
  web?: RequestHandler;
  logger?: false | ('log' | 'error' | 'warn')[];
}

export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Kindred API')
    .setDescription('Training and credentialing for peer mental-health supporters')
    .setVersion('0.1.0')
    .addCookieAuth(SESSION_COOKIE)
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Builds the whole app (API + optional web handler) on one Express server, without listening. */
export async function buildApp(config: AppConfig, databaseUrl: string, options: BuildOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl, options), {
    logger: options.logger ?? ['log', 'error', 'warn'],
    bodyParser: true,
  });
  app.set('trust proxy', 'loopback');
  app.setGlobalPrefix('api');
  app.useBodyParser('json', { limit: '1mb' });
  app.useBodyParser('urlencoded', { limit: '100kb', extended: false });

  // Pages set their own content security policy (SvelteKit, with nonces); the API answers only data.
  const apiHelmet = helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
  const docsHelmet = helmet({
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] } },
  });
  const pageHelmet = helmet({ contentSecurityPolicy: false });
  app.use((req: Request, res: Response, next: NextFunction) =>
    (req.path.startsWith('/api/docs') ? docsHelmet : req.path.startsWith('/api') ? apiHelmet : pageHelmet)(req, res, next),
  );

  const PgStore = connectPg(session);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  pool.on('error', () => undefined); // a restarting database must not crash the app; health reports it
  app.use(cookieParser());
  app.use(
    session({
      name: SESSION_COOKIE,
      secret: config.sessionSecret,
      store: new PgStore({ pool, tableName: 'sessions', createTableIfMissing: false, pruneSessionInterval: 15 * 60 }),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, maxAge: 14 * 86_400_000 },
    }),
  );
  app.use(passport.initialize());
  app.use(passport.session());
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();

  const document = openApiDocument(app);
  app.use('/api/openapi.json', (_req: Request, res: Response) => res.json(document));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi-swagger.json' });

  const web = options.web;
  if (web) app.use((req: Request, res: Response, next: NextFunction) => (req.path === '/api' || req.path.startsWith('/api/') ? next() : web(req, res, next)));
  const close = app.close.bind(app);
  app.close = async () => {
    await close();
    await pool.end().catch(() => undefined);
  };
  return app;
}
