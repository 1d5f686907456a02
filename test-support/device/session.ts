// The device's tokens: every call carries the access token; a 401 refreshes it once
// (POST /auth/refresh) and sends again; a refused refresh means logging in again — the
// simulator knows the password, the field app asks the technician (keeping everything).
import { type Backoff, type Session, SyncGaveUp, persist } from './sync';
import { type HttpAnswer, request } from './http';

export class DeviceSession implements Session {
  private access: string | null = null;
  private refresh: string | null = null;
  /** How often the device had to log in again (a refresh refused). */
  logins = 0;
  refreshes = 0;

  constructor(
    readonly baseUrl: string,
    private readonly credentials: { email: string; password: string },
    private readonly backoff: Backoff,
  ) {}

  get token(): string | null {
    return this.access;
  }

  async login(): Promise<void> {
    const answer = await persist(this.backoff, () => request('POST', `${this.baseUrl}/api/v1/auth/login`, { json: this.credentials }));
    if (answer.status !== 200) throw new SyncGaveUp(`login refused: ${answer.status} ${answer.text}`);
    const body = answer.body as { accessToken: string; refreshToken: string };
    this.access = body.accessToken;
    this.refresh = body.refreshToken;
    this.logins++;
  }

  /** A fresh access token; false when the refresh token was refused. */
  async renew(): Promise<boolean> {
    if (!this.refresh) return false;
    const answer = await persist(this.backoff, () => request('POST', `${this.baseUrl}/api/v1/auth/refresh`, { json: { refreshToken: this.refresh } }));
    if (answer.status !== 200) return false;
    const body = answer.body as { accessToken: string; refreshToken: string };
    this.access = body.accessToken;
    this.refresh = body.refreshToken;
    this.refreshes++;
    return true;
  }

  /** After a 401: a refreshed token, or a new login when the refresh is refused. */
  async recover(): Promise<void> {
    if (!(await this.renew())) await this.login();
  }

  async call(method: string, path: string, json?: unknown): Promise<HttpAnswer> {
    if (!this.access) await this.login();
    const send = () => request(method, `${this.baseUrl}${path}`, { json, headers: { authorization: `Bearer ${this.access}` } });
    const answer = await send();
    if (answer.status !== 401) return answer;
    await this.recover();
    return send();
  }
}
