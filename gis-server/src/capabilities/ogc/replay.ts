import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type Koa from 'koa';
import type { Logger } from 'pino';
import type { SessionUser } from '@calepin/core';
import type { AppState, Deps } from '../../http/context';
import { presentedToken } from '../../http/credentials';
import { logRequest } from '../../http/middleware';
import type { OgcCache } from './cache';

/** What a handler marks to have its answer replayed: the tables it was read from, their stamp before reading. */
export interface ReplayMark {
  tables: readonly string[];
  stamp: string | null;
}

interface Answer extends ReplayMark {
  stamp: string;
  /** Who asked (caller()): the same credential standing for someone else is not answered from here. */
  caller: string;
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  path: string;
  userId: string;
}

/** The caller as an answer depends on it: the account as the credential presents it, and whether it only reads. */
const signature = (user: SessionUser, readOnly: boolean) => `${readOnly}\n${JSON.stringify(user)}`;

/**
 * Everything of a request an answer may depend on besides the caller, hashed (the
 * Authorization value holds a password): the credential, the URL, the host and protocol as
 * Koa reads them (behind a trusted proxy too), the languages asked.
 */
function keyOf(req: IncomingMessage, authorization: string): string {
  const h = req.headers;
  const parts = [authorization, req.url, h.host, h['x-forwarded-host'], h['x-forwarded-proto'], (req.socket as TLSSocket).encrypted ? 'tls' : '', h['accept-language']];
  return createHash('sha256').update(parts.map((p) => p ?? '').join('\n')).digest('base64');
}

/** The Authorization header as the /ogc stack reads it: a token (Bearer, or Basic with one), or an e-mail and password pair. */
function credentialOf(authorization: string): { token: string } | { basic: string } | null {
  const presented = presentedToken(authorization, {});
  if (presented) return { token: presented.token };
  const basic = /^Basic\s+(\S+)$/i.exec(authorization)?.[1];
  return basic ? { basic } : null;
}

/**
 * Answers given again whole, before Koa: QGIS and GDAL ask GetCapabilities at every
 * connection, with the same credential and URL, and the document changes only with the
 * layers. Koa's stack (context, middlewares, router) was most of that answer: 0.8 of 1.9 ms
 * on this machine, where a bare Node server answers in 1.1 (issue 21, bench/RESULTS.md).
 *
 * A handler marks an answer replayable (`ctx.state.replay`, the tables it was read from
 * and their stamp before reading); `record`, first of the /ogc stack, keeps it with the
 * headers the stack wrote. `answer` gives it again to the same request (credential, URL,
 * host, languages) while the tables' stamp is the same and the credential still stands
 * for the same account — checked as the stack would: a remembered Basic pair or a token
 * the checker holds, so a disabled account, a changed password or a revoked token is
 * never answered from here (the stack then answers, 401). Anything else is Koa's.
 */
export class Replays {
  private readonly answers = new Map<string, Answer>();
  /** Answers given from here (tests, metrics). */
  served = 0;

  constructor(
    private readonly deps: Pick<Deps, 'checker' | 'basicAuth'>,
    private readonly cache: OgcCache,
    private readonly log: Logger,
    private readonly maxAnswers = 1000,
  ) {}

  /** Koa middleware, outermost of /ogc's stack: keeps the answers their handler marked. */
  readonly record: Koa.Middleware<AppState> = async (ctx, next) => {
    await next();
    const mark = ctx.state.replay;
    const authorization = ctx.get('authorization');
    const user = ctx.state.user;
    if (!mark?.stamp || !authorization || !user || ctx.method !== 'GET' || ctx.status !== 200) return;
    const body = typeof ctx.body === 'string' ? Buffer.from(ctx.body) : Buffer.isBuffer(ctx.body) ? ctx.body : null;
    if (!body) return;
    // The names as the stack wrote them (getHeaders() lower-cases them; Node has the method
    // on every outgoing message, @types/node declares it on ClientRequest only).
    const res = ctx.res as ServerResponse & { getRawHeaderNames(): string[] };
    const headers: OutgoingHttpHeaders = {};
    for (const name of res.getRawHeaderNames()) headers[name] = res.getHeader(name);
    const key = keyOf(ctx.req, authorization);
    this.answers.delete(key);
    this.answers.set(key, {
      tables: mark.tables, stamp: mark.stamp, caller: signature(user, ctx.state.credential?.readOnly ?? false),
      status: ctx.status, headers, body, path: ctx.path, userId: user.id,
    });
    if (this.answers.size > this.maxAnswers) this.answers.delete(this.answers.keys().next().value as string);
  };

  /**
   * Writes the remembered answer to this request, and says whether it did (false: Koa
   * answers). Without waiting when there is none (most requests) or when the caller is
   * known at once (a remembered Basic pair whose account the checker holds).
   */
  answer(req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean> {
    const authorization = req.headers.authorization;
    if (req.method !== 'GET' || !authorization || !req.url?.startsWith('/ogc/') || this.answers.size === 0) return false;
    const start = performance.now();
    const key = keyOf(req, authorization);
    const answer = this.answers.get(key);
    if (!answer) return false;
    if (this.cache.stamp(answer.tables) !== answer.stamp) {
      this.answers.delete(key);
      return false;
    }
    const known = this.callerNow(authorization);
    if (known !== undefined) return this.give(key, answer, known, res, start);
    return this.caller(authorization).then((caller) => this.give(key, answer, caller, res, start), () => false);
  }

  private give(key: string, answer: Answer, caller: string | null, res: ServerResponse, start: number): boolean {
    if (caller !== answer.caller) {
      if (this.answers.get(key) === answer) this.answers.delete(key);
      return false;
    }
    // Least recently used first.
    this.answers.delete(key);
    this.answers.set(key, answer);
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
    this.served++;
    logRequest(this.log, 'GET', answer.path, answer.status, start, answer.userId);
    return true;
  }

  /** `caller` when known without waiting (a remembered Basic pair, the account held); undefined otherwise. */
  private callerNow(authorization: string): string | null | undefined {
    const presented = credentialOf(authorization);
    if (!presented || 'token' in presented) return undefined;
    const user = this.deps.basicAuth.rememberedNow(presented.basic);
    return user ? signature(user, false) : user;
  }

  /** Who the Authorization header stands for, found as the /ogc stack finds it, without a password check. */
  private async caller(authorization: string): Promise<string | null> {
    const presented = credentialOf(authorization);
    if (presented && 'token' in presented) {
      const credential = await this.deps.checker.check(presented.token);
      return credential && credential.kind !== 'share' ? signature(credential.user, credential.readOnly) : null;
    }
    const user = presented ? await this.deps.basicAuth.remembered(presented.basic) : null;
    return user ? signature(user, false) : null;
  }
}
