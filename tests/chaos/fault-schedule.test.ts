import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../activities/render/random.js';
import { DEFAULT_DOWN_MS, defaultCounts, describeFault, faultSchedule, type ScheduleOptions } from './fault-schedule.js';

const options = (overrides: Partial<ScheduleOptions> = {}): ScheduleOptions => ({
  seed: 42,
  windowMs: 120_000,
  startMs: 5000,
  counts: { worker: 3, temporal: 2, postgres: 2 },
  minGapMs: 10_000,
  downMs: DEFAULT_DOWN_MS,
  workers: 2,
  ...overrides,
});

describe('chaos fault schedule', () => {
  it('is the same for the same seed and differs for another', () => {
    assert.deepEqual(faultSchedule(options()), faultSchedule(options()));
    assert.notDeepEqual(faultSchedule(options()), faultSchedule(options({ seed: 43 })));
    const a = createRng(7);
    const b = createRng(7);
    for (let i = 0; i < 100; i++) assert.equal(a(), b());
  });

  it('keeps every fault inside the window, in time order, at least the gap apart, with the asked counts', () => {
    for (let seed = 0; seed < 500; seed++) {
      const o = options({ seed });
      const schedule = faultSchedule(o);
      assert.equal(schedule.length, 7);
      assert.deepEqual(
        schedule.map((f) => f.n),
        [1, 2, 3, 4, 5, 6, 7],
      );
      for (const kind of ['worker', 'temporal', 'postgres'] as const) assert.equal(schedule.filter((f) => f.kind === kind).length, o.counts[kind]);
      for (const [i, fault] of schedule.entries()) {
        assert.ok(fault.atMs >= o.startMs! && fault.atMs <= o.windowMs, `seed ${seed}: fault at ${fault.atMs}`);
        if (i > 0) assert.ok(fault.atMs - schedule[i - 1]!.atMs >= o.minGapMs, `seed ${seed}: gap before fault ${fault.n}`);
        const [min, max] = o.downMs[fault.kind];
        assert.ok(fault.downMs >= min && fault.downMs <= max);
        assert.ok(Number.isInteger(fault.target) && fault.target >= 0 && fault.target < o.workers);
        if (fault.kind === 'worker') assert.equal(fault.mode, 'kill');
        else assert.equal(fault.target, 0);
      }
    }
  });

  it('uses both ways of stopping services across seeds, and every worker as a target', () => {
    const faults = Array.from({ length: 50 }, (_, seed) => faultSchedule(options({ seed }))).flat();
    for (const kind of ['temporal', 'postgres'] as const) {
      const modes = new Set(faults.filter((f) => f.kind === kind).map((f) => f.mode));
      assert.deepEqual([...modes].sort(), ['graceful', 'kill']);
    }
    assert.deepEqual(new Set(faults.filter((f) => f.kind === 'worker').map((f) => f.target)), new Set([0, 1]));
  });

  it('refuses what cannot fit and bad counts; an empty schedule is fine', () => {
    assert.throws(() => faultSchedule(options({ windowMs: 60_000 })), /do not fit/);
    assert.throws(() => faultSchedule(options({ counts: { worker: -1, temporal: 0, postgres: 0 } })), /whole number/);
    assert.throws(() => faultSchedule(options({ workers: 0 })), /at least one worker/);
    assert.deepEqual(faultSchedule(options({ counts: { worker: 0, temporal: 0, postgres: 0 } })), []);
    // Exactly fitting: every fault pinned to its slot.
    const tight = faultSchedule(options({ windowMs: 65_000 }));
    assert.deepEqual(
      tight.map((f) => f.atMs),
      [5000, 15_000, 25_000, 35_000, 45_000, 55_000, 65_000],
    );
  });

  it('scales the default counts with the run and describes each fault', () => {
    assert.deepEqual(defaultCounts(4), { worker: 1, temporal: 1, postgres: 1 });
    assert.deepEqual(defaultCounts(20), { worker: 3, temporal: 2, postgres: 2 });
    const [first] = faultSchedule(options({ counts: { worker: 0, temporal: 0, postgres: 1 } }));
    assert.match(describeFault(first!), /^#1 at \+\d+\.\d s: stop Postgres \((fast|immediate)\), back after \d\.\d s$/);
  });
});
