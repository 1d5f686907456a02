// Start, kill (-9) and restart a gis-server child process: the crash tests' server.
import { type ChildProcess, fork } from 'node:child_process';

export class ServerProcess {
  private child: ChildProcess | null = null;
  port = 0;
  kills = 0;

  constructor(private readonly args: { databaseUrl: string; filesDir: string; accessTokenTtl: number }) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<number> {
    const child = fork(new URL('./server-child.ts', import.meta.url).pathname,
      [this.args.databaseUrl, this.args.filesDir, String(this.args.accessTokenTtl)],
      { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child = child;
    this.port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m) => resolve((m as { port: number }).port));
      child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
    });
    return this.port;
  }

  /** SIGKILL: no clean stop, open transactions are rolled back by PostgreSQL. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.kills++;
  }

  async stop(): Promise<void> {
    await this.kill();
    this.child = null;
  }
}
