import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import { osloDate } from '../../platform/time.ts';
import { COOKIE_POLICY_VERSION } from '../privacy/cookies.ts';
import type { StatisticsRepository } from './statistics.repository.ts';
import { normalisePath, VISITORS_PATH } from './statistics.ts';

export class StatisticsService {
  constructor(
    private readonly repo: StatisticsRepository,
    private readonly clock: Clock,
  ) {}

  today(): string {
    return osloDate(this.clock.now().getTime());
  }

  /** Counts a page view; `firstToday` when the visitor's statistics cookie was not already from today. */
  async pageView(path: string, firstToday: boolean): Promise<void> {
    const day = this.today();
    await this.repo.count(day, normalisePath(path));
    if (firstToday) await this.repo.count(day, VISITORS_PATH);
  }

  /** Records a cookie choice as proof of consent (or refusal), under the id kept in the choice cookie. */
  async recordChoice(id: string | undefined, analytics: boolean, signal: string | null): Promise<string> {
    const choiceId = id && /^[0-9a-f-]{36}$/.test(id) ? id : randomUUID();
    await this.repo.recordChoice({
      id: choiceId,
      version: COOKIE_POLICY_VERSION,
      analytics,
      signal,
      at: this.clock.now(),
    });
    return choiceId;
  }

  views(day: string) {
    return this.repo.views(day);
  }
}
