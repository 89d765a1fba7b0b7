import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchEngine } from '../../../../bench/engine.ts';

const PEER = path.join(import.meta.dirname, '..', '..', '..', '..', 'bench', 'engine_reference.py');
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const peer = (dir: string) => {
  const out = execFileSync('python3', [PEER, 'run', dir], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop() ?? '') as { checksum: number; n: number };
};

describe.skipIf(!hasNumpy)('elvakt bench engine (needs python3 with numpy)', () => {
  it('generates data, runs the peer and agrees with its checksum', async () => {
    const result = await benchEngine({ n: 200, hours: 240, workers: 2, streamedRows: 50 });
    expect(result).toMatchObject({
      benchmark: 'engine',
      n: 200,
      hours: 240,
      offers: 200,
      workers: 2,
      rounds: 1,
    });
    expect(result.reference_checksum).not.toBeNull();
    const ref = result.reference_checksum as number;
    expect(Math.abs(result.checksum - ref) / ref).toBeLessThan(1e-6);
    expect(result.checksum_relative_difference).toBeLessThan(1e-6);
    expect(result.unpriced).toBe(0);
    for (const key of [
      'seconds',
      'load_seconds',
      'metering_points_per_second',
      'projection_3_2m_seconds',
      'reference_seconds',
      'ratio',
      'peak_rss_bytes',
    ] as const) {
      expect(result[key]).toEqual(expect.any(Number));
    }
    expect(result.projection_3_2m_seconds).toBeCloseTo(3_200_000 / result.metering_points_per_second, 0);
    expect(result.streamed?.n).toBe(50);
    // Three timed runs each by default; the fastest is reported.
    expect(result.seconds_runs).toHaveLength(3);
    expect(result.reference_seconds_runs).toHaveLength(3);
    expect(result.seconds).toBe(Math.min(...result.seconds_runs));
    expect(result.reference_seconds).toBe(Math.min(...result.reference_seconds_runs));
    expect(result.targets).toEqual({ ratio: 1.5, projection_3_2m_seconds: 60 });
    expect(typeof result.met).toBe('boolean');
    // The generated directory is gone afterwards.
    expect(result.reference_data).toBeNull();
  });

  it('prices a given directory in several rounds when a share does not fit at once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-engine-test-'));
    dirs.push(dir);
    execFileSync('python3', [
      PEER,
      'generate',
      dir,
      '203',
      '--hours',
      '100',
      '--offers',
      '30',
      '--seed',
      '5',
    ]);
    const want = peer(dir);
    const result = await benchEngine({
      referenceData: dir,
      workers: 2,
      chunkRows: 30,
      streamedRows: 0,
      repeat: 2,
    });
    // 102 rows per worker in chunks of 30.
    expect(result.rounds).toBe(4);
    expect(result.reference_checksum).toBeNull();
    expect(result.ratio).toBeNull();
    expect(result.streamed).toBeNull();
    expect(Math.abs(result.checksum - want.checksum) / want.checksum).toBeLessThan(1e-6);
    expect(fs.existsSync(path.join(dir, 'consumption.f32'))).toBe(true);

    const withPeer = await benchEngine({ referenceData: dir, reference: true, workers: 1, repeat: 1 });
    expect(withPeer.reference_checksum).toBe(want.checksum);
    expect(withPeer.checksum_relative_difference).toBeLessThan(1e-6);
  });

  it('fails when the checksum does not match the peer', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-engine-test-'));
    dirs.push(dir);
    execFileSync('python3', [PEER, 'generate', dir, '20', '--hours', '48', '--offers', '5']);
    // A peer that reports a checksum 1e-5 off the real one.
    const { checksum } = peer(dir);
    const fake = path.join(dir, 'fake-python.sh');
    fs.writeFileSync(
      fake,
      `#!/bin/sh\necho '{"seconds": 0.001, "load_seconds": 0.001, "checksum": ${checksum * (1 + 1e-5)}}'\n`,
      { mode: 0o755 },
    );
    await expect(
      benchEngine({ referenceData: dir, reference: true, python: fake, repeat: 1 }),
    ).rejects.toThrow(/differs from the peer/);
  });
});
