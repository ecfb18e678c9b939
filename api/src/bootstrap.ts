import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { INestApplication } from '@nestjs/common';
import session from 'express-session';
import connectPg from 'connect-pg-simple';
import passport from 'passport';
import helmet from 'helmet';
import compression from 'compression';
import pg from 'pg';
import { STATUS_CODES } from 'node:http';
import { isIP } from 'node:net';
import {
  json,
  urlencoded,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import type { AppConfig } from './config/config.js';
import { AppModule, type AppOptions } from './app.module.js';
import { databaseErrors } from './common/error.filter.js';
import { validationPipe } from './common/validation.js';
import { SESSION_COOKIE } from './common/csrf.js';
import { QuietLogger } from './common/quiet-logger.js';
import { requestLog } from './common/request-log.js';
import { refuseBadInput } from './common/input-guard.js';
import { CacheBus } from './common/cache-bus.js';
import { cachedStore } from './auth/session-cache.js';
import { VerificationCache } from './certificates/verification-cache.js';
import type { SessionUser } from './common/session-user.js';
import { DAY_MS } from '@kindred/certificates';
import { PAGE_CLIENT_HEADER, PAGE_PROTO_HEADER } from './web-handler.js';
import { requestLang } from './common/i18n.js';
import { problemIn } from './common/problems.js';

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
  const document = SwaggerModule.createDocument(app, config);
  return withErrorResponses(document);
}

/** Every operation can answer with the one error shape; saying so types `error` in the generated client. */
function withErrorResponses(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = {
    ...document.components.schemas,
    ErrorDto: {
      type: 'object',
      required: ['statusCode', 'error', 'message'],
      properties: {
        statusCode: { type: 'integer' },
        error: { type: 'string' },
        message: { type: 'string', description: 'Plain words for the person using the app' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            required: ['field', 'messages'],
            properties: {
              field: { type: 'string' },
              messages: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    },
  };
  const error = {
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorDto' } } },
  };
  for (const path of Object.values(document.paths)) {
    for (const op of Object.values(path) as { responses?: Record<string, unknown> }[]) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      op.responses = {
        ...op.responses,
        '4XX': { description: 'The request was refused; `message` says why', ...error },
        '5XX': { description: 'A fault on our side', ...error },
      };
    }
  }
  return document;
}

/** Malformed or oversized bodies are refused in the API's one error shape before reaching a controller. */
function bodyErrors(
  err: { status?: number; type?: string } | undefined,
  req: Request,
  res: Response,
  next: NextFunction,
): void {
  if (!err) return next();
  const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 400;
  const message =
    err.type === 'entity.too.large'
      ? 'The request body is too large'
      : err.type === 'entity.parse.failed'
        ? 'The request body is not valid JSON'
        : 'The request body could not be read';
  res.status(status).json({
    statusCode: status,
    error: STATUS_CODES[status] ?? 'Bad Request',
    // no session is read yet: the language switch's cookie or the browser's says the language
    message: problemIn(requestLang(req), message),
  });
}

/** A request to the API made by the web pages' server code in this process (see web/src/hooks.server.ts). */
export type InProcessApi = (request: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: ArrayBuffer;
  /**
   * One object per page request, opaque to the caller: the identity the first call resolved (session and
   * person) is kept in it, so the page's further GETs with the same cookies do not resolve it again.
   */
  page?: object;
}) => Promise<globalThis.Response>;

/**
 * Where an in-process request carries its page's context. A symbol-keyed property of the request object,
 * set only by `inProcessApi` below: no header or anything else an HTTP client sends can reach it.
 */
const PAGE = Symbol('kindred.page');

/**
 * Marks every request made by `inProcessApi` (same rule as PAGE: a symbol-keyed property no HTTP client can
 * set). It only spares work whose result never reaches a browser — the browser security headers and the
 * compression of an answer read by the page's server code — never a guard, a pipe or a rule.
 */
const IN_PROCESS = Symbol('kindred.in-process');
const inProcess = (req: object): boolean =>
  (req as { [IN_PROCESS]?: boolean })[IN_PROCESS] === true;

/** The identity one page request resolved, as the session middleware and passport left it. */
interface PageIdentity {
  cookie: string | undefined;
  sessionID: string;
  session: string;
  user: SessionUser | undefined;
}
type PageContext = { identity?: PageIdentity };
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * The session, cookie and passport middleware, run once per page request. A GET or HEAD made in-process
 * for the same page, with the same cookies, is given the session and person the first call resolved
 * (copies, so no call sees another's changes) instead of reading them again; every guard, pipe and rule
 * of the route still runs on them. Any other call (a write, another cookie, an HTTP request) goes through
 * the whole chain, and a write forgets the page's identity (it may sign in or out).
 */
function resolveIdentityOncePerPage(
  chain: RequestHandler[],
  store: session.Store,
  passportInit: RequestHandler,
): RequestHandler {
  const runChain = (req: Request, res: Response, done: (err?: unknown) => void) => {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err || i === chain.length) return done(err);
      const mw = chain[i++];
      mw(req, res, step);
    };
    step();
  };
  return (req, res, next) => {
    const page = (req as unknown as { [PAGE]?: PageContext })[PAGE];
    const known = page?.identity;
    if (page && known && SAFE_METHODS.has(req.method) && known.cookie === req.headers.cookie) {
      req.sessionStore = store as Request['sessionStore'];
      req.sessionID = known.sessionID;
      store.createSession(req, JSON.parse(known.session) as session.SessionData);
      return passportInit(req, res, (err?: unknown) => {
        if (err) return next(err);
        if (known.user) req.user = structuredClone(known.user);
        next();
      });
    }
    if (page) page.identity = undefined;
    runChain(req, res, (err) => {
      if (err) return next(err);
      if (page && SAFE_METHODS.has(req.method) && req.session)
        page.identity = {
          cookie: req.headers.cookie,
          sessionID: req.sessionID,
          session: JSON.stringify(req.session),
          user: req.user ? structuredClone(req.user as SessionUser) : undefined,
        };
      next();
    });
  };
}

/**
 * Runs a request through the same handler as the HTTP server (light-my-request builds the request and
 * response objects in memory) and gives back a fetch Response. Only the pages' server code in this process
 * can call it, so the client address and scheme it passes (X-Forwarded-For / -Proto, which the page request
 * got from Express under TRUST_PROXY) become the request's own peer address and scheme; no proxy header is
 * left for Express to believe.
 */
function inProcessApi(
  dispatch: (
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
  ) => void,
  inject: typeof import('light-my-request').inject,
): InProcessApi {
  // Express sets its own prototypes on the request and response objects, which would hide light-my-request's
  // methods that collect the answer: they are made own properties first.
  const keep = (o: object) => {
    const proto = Object.getPrototypeOf(o) as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor' && typeof proto[name] === 'function')
        (o as Record<string, unknown>)[name] = proto[name];
    }
  };
  const handler = (
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
  ) => {
    keep(req);
    keep(res);
    const proto = req.headers['x-forwarded-proto'];
    for (const h of ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host'])
      Reflect.deleteProperty(req.headers, h);
    if (proto === 'https') (req.socket as { encrypted?: boolean }).encrypted = true;
    // Express still reads `req.connection` (req.protocol, req.secure), which light-my-request answers with a
    // deprecation warning on every run; it is the same object as `req.socket`, as on Node's own requests.
    Object.defineProperty(req, 'connection', {
      value: req.socket,
      configurable: true,
      writable: true,
    });
    dispatch(req, res);
  };
  return async ({ method, url, headers, body, page }) => {
    const res = await inject(
      (req, res) => {
        (req as unknown as { [IN_PROCESS]?: boolean })[IN_PROCESS] = true;
        if (page) (req as unknown as { [PAGE]?: object })[PAGE] = page;
        handler(req, res);
      },
      {
        method: method as 'GET',
        url,
        headers,
        payload: body ? Buffer.from(body) : undefined,
        remoteAddress: clientAddress(headers['x-forwarded-for']),
      },
    );
    const out = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) out.append(name, String(v));
    }
    const empty =
      res.statusCode === 204 ||
      res.statusCode === 205 ||
      res.statusCode === 304 ||
      method === 'HEAD';
    return new globalThis.Response(empty ? null : res.rawPayload, {
      status: res.statusCode,
      statusText: res.statusMessage,
      headers: out,
    });
  };
}

/** The one address the pages' server code named (net.isIP), or the loopback. */
function clientAddress(forwarded: string | undefined): string {
  const first = forwarded?.split(',')[0]?.trim() ?? '';
  return isIP(first) ? first : '127.0.0.1';
}

/** The headers a header-only middleware (helmet) sets, to set the same on answers made without Express. */
function headersSetBy(
  middleware: (req: Request, res: Response, next: (err?: unknown) => void) => void,
): [string, string][] {
  const headers = new Map<string, string>();
  const res = {
    setHeader: (name: string, value: unknown) =>
      void headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => void headers.delete(name.toLowerCase()),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
  };
  middleware(
    { headers: {}, method: 'GET', url: '/api', secure: false } as unknown as Request,
    res as unknown as Response,
    () => undefined,
  );
  return [...headers];
}

/** Builds the whole app (API + optional web handler) on one Express server, without listening. */
export async function buildApp(
  config: AppConfig,
  databaseUrl: string,
  options: BuildOptions = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, databaseUrl, options),
    {
      logger: options.logger ?? new QuietLogger({ json: config.logFormat === 'json' }),
      // Parsers are mounted on /api only: page requests (SvelteKit form posts) must reach the web handler unread.
      bodyParser: false,
    },
  );
  // Whose X-Forwarded-For / -Proto to believe: nobody's unless TRUST_PROXY names the proxy (config.ts).
  app.set('trust proxy', config.trustProxy);
  app.setGlobalPrefix('api');
  app.use(requestLog(config.logFormat === 'json'));

  // Pages set their own content security policy (SvelteKit, with nonces); the API answers only data.
  const apiHelmet = helmet({
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  });
  const docsHelmet = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  const pageHelmet = helmet({ contentSecurityPolicy: false });
  const verification = app.get(VerificationCache);
  verification.mount(app.getHttpAdapter().getInstance(), headersSetBy(apiHelmet));
  // The public verification link is answered before Express when it can be (see verification-cache.ts).
  const server = app.getHttpServer();
  const [express] = server.listeners('request') as ((
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
  ) => void)[];
  server.removeAllListeners('request');
  const dispatch = (
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
  ) => {
    if (!verification.handle(req, res)) express(req, res);
  };
  server.on('request', dispatch);
  // Text answers (pages, JSON, CSV) are compressed for the browser when it asks (Accept-Encoding), in the
  // app itself so the embedded default needs no proxy; behind a proxy that compresses, COMPRESSION=off
  // leaves it to the proxy (README, "Behind a proxy"). The pages' static files are precompressed at build
  // time and sent with their own Content-Encoding, which compression leaves alone.
  const compress = config.compression ? compression({ threshold: 1024 }) : undefined;
  if (compress)
    app.use((req: Request, res: Response, next: NextFunction) =>
      inProcess(req) ? next() : compress(req, res, next),
    );
  app.use((req: Request, res: Response, next: NextFunction) =>
    // An in-process answer goes to the page's server code, never to a browser: no browser headers for it.
    inProcess(req)
      ? next()
      : (req.path.startsWith('/api/docs')
          ? docsHelmet
          : req.path.startsWith('/api')
            ? apiHelmet
            : pageHelmet)(req, res, next),
  );

  const web = options.web;
  // The pages' server code calls the API in this process without a network round trip (hooks.server.ts).
  if (web)
    (globalThis as { kindredApi?: InProcessApi }).kindredApi = inProcessApi(
      dispatch,
      (await import('light-my-request')).inject,
    );
  if (web) {
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.path === '/api' || req.path.startsWith('/api/')) return next();
      // SvelteKit learns the scheme and the client address from these headers (PROTOCOL_HEADER,
      // ADDRESS_HEADER); Express has already decided whether to trust a proxy's. A client's own copies are replaced.
      req.headers[PAGE_PROTO_HEADER] = req.protocol;
      req.headers[PAGE_CLIENT_HEADER] = req.ip ?? req.socket.remoteAddress ?? '';
      return web(req, res, next);
    });
  }
  app.use(
    '/api',
    json({ limit: '1mb' }),
    urlencoded({ limit: '100kb', extended: false }),
    bodyErrors,
    refuseBadInput,
  );

  const PgStore = connectPg(session);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  pool.on('error', () => undefined); // a restarting database must not crash the app; health reports it
  const sessionStore = cachedStore(PgStore, app.get(CacheBus), {
    pool,
    tableName: 'sessions',
    createTableIfMissing: false,
    pruneSessionInterval: 15 * 60,
    disableTouch: true,
  });
  const sessions = session({
    name: SESSION_COOKIE,
    secret: config.sessionSecret,
    // No write per request: a page makes several API calls, and touching the session on each was a
    // database write per call. Sessions last 14 days from sign-in.
    // Reads are kept in memory for a few seconds; every change drops them in every instance (session-cache.ts).
    store: sessionStore,
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      maxAge: 14 * DAY_MS,
    },
  });
  const passportInit = passport.initialize();
  // @types/passport declares session() as `any` (it is `authenticate('session')`, a request handler)
  const passportSession = passport.session() as RequestHandler;
  app.use(
    '/api',
    resolveIdentityOncePerPage(
      [sessions, passportInit, passportSession],
      sessionStore,
      passportInit,
    ),
    databaseErrors,
  );
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();

  const document = openApiDocument(app);
  app.use('/api/openapi.json', (_req: Request, res: Response) => res.json(document));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi-swagger.json' });

  const close = app.close.bind(app);
  app.close = async () => {
    await close();
    await pool.end().catch(() => undefined);
  };
  return app;
}
