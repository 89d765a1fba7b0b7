import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { JobsRepository } from './jobs.repository.ts';

/**
 * A job is a small declared unit: a name, how often it runs, and work that is safe to run
 * again (idempotent) and safe to stop half-way (each batch commits on its own). The
 * scheduler claims due jobs in the database, so several processes can run it and each job
 * still runs in one place at a time.
 */
export interface Job {
  readonly name: string;
  readonly everyMs: number;
  /** How long a claim lasts before another process may take over a job that seems to have died. */
  readonly leaseMs?: number;
  run(): Promise<unknown>;
}

export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly jobs: readonly Job[],
    private readonly repo: JobsRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Runs every due job once; returns the names that ran. */
  async tick(): Promise<string[]> {
    const ran: string[] = [];
    for (const job of this.jobs) {
      const now = this.clock.now();
      await this.repo.ensure(job.name, now);
      if (!(await this.repo.claim(job.name, now, job.leaseMs ?? 15 * 60_000))) continue;
      try {
        const result = await job.run();
        const done = this.clock.now();
        await this.repo.finish(job.name, done, new Date(done.getTime() + job.everyMs), result ?? null);
        this.logger.info({ job: job.name, result }, 'job finished');
        ran.push(job.name);
      } catch (e) {
        const done = this.clock.now();
        await this.repo.fail(
          job.name,
          new Date(done.getTime() + Math.min(job.everyMs, 5 * 60_000)),
          (e as Error).message,
        );
        this.logger.error({ job: job.name, err: e }, 'job failed');
      }
    }
    return ran;
  }

  status() {
    return this.repo.all();
  }

  start(intervalMs = 15_000): void {
    if (this.timer) return;
    const loop = () => {
      this.running ??= this.tick()
        .then(() => undefined)
        .catch((e) => this.logger.error({ err: e }, 'scheduler tick failed'))
        .finally(() => {
          this.running = undefined;
        });
    };
    this.timer = setInterval(loop, intervalMs);
    this.timer.unref();
    loop();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
