/**
 * Keeps up to `slots` jobs running, taking new ones from `take` as slots free up, until `take` has nothing left.
 * The scheduler's Discord work (sends and reveals) runs through one of these: the jobs' source is the database
 * (claims waiting for a lease, windows waiting for a reveal), so a slot is filled only when its job can start.
 */
export interface Drain {
  /** There may be new work: fill the free slots. */
  wake(): void;
  /** Resolves once no job runs and the last look found nothing to take. */
  idle(): Promise<void>;
  /** Takes nothing more; resolves when the running jobs are done. */
  stop(): Promise<void>;
}

/** A job resolves true when it succeeded; a failed job does not refill its slot (the next wake does), so a job that keeps failing cannot spin. */
export type Job = () => Promise<boolean>;

export function startDrain(slots: number, take: (free: number) => Promise<Job[]>, onError: (error: unknown) => void): Drain {
  let running = 0;
  let stopped = false;
  /** A fill is under way (its `take` reads the database); one at a time, so two never lease for the same slots. */
  let filling = false;
  /** A wake came while filling: look again once that fill is done. */
  let again = false;
  const waiting: Array<() => void> = [];

  const settle = () => {
    if (running === 0 && !filling) for (const resolve of waiting.splice(0)) resolve();
  };
  const finished = (refill: boolean) => {
    running--;
    if (refill) wake();
    else settle();
  };
  const fill = async () => {
    filling = true;
    do {
      again = false;
      while (!stopped && running < slots) {
        let jobs: Job[];
        try {
          jobs = await take(slots - running);
        } catch (error) {
          onError(error);
          break;
        }
        if (jobs.length === 0) break;
        for (const job of jobs) {
          running++;
          job().then(finished, (error: unknown) => {
            onError(error);
            finished(false);
          });
        }
      }
    } while (again && !stopped);
    filling = false;
    settle();
  };
  const wake = () => {
    if (filling) again = true;
    else void fill();
  };

  return {
    wake,
    idle: () => new Promise<void>((resolve) => {
      waiting.push(resolve);
      settle();
    }),
    stop: () => {
      stopped = true;
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
        settle();
      });
    },
  };
}
