// Bad input and bad luck: a plan that fails validation, a missing subtitle font, ffmpeg killed
// in the middle of a shot — each a clear error, and never a half-written film where the output
// should be (nor a half-made entry in the media store).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PlanValidationError } from '../../activities/film/produce-film.js';
import { SubtitleFontError } from '../../activities/subtitles/fonts.js';
import { fixturePlan, root, studio, tempDir } from './film-support.js';

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/** Entries left in a media store of `kind` (two-level fan-out), and anything left in its .tmp. */
async function storeContents(mediaRoot: string, kind: string): Promise<{ entries: number; tmp: string[] }> {
  let count = 0;
  for (const fan of await entries(path.join(mediaRoot, kind))) count += (await entries(path.join(mediaRoot, kind, fan))).length;
  return { entries: count, tmp: await entries(path.join(mediaRoot, '.tmp')) };
}

describe('film: clear errors, no half-written output', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    work = await tempDir('film-errors');
  });
  after(async () => work.remove());

  it('refuses a plan that fails validation, saying what is wrong', async () => {
    const films = studio(path.join(work.dir, 'bad-plan'));
    try {
      const plan = (await fixturePlan('jing-ye-si')) as { shots: { imagery: { start: number }[]; durationSec: number }[] };
      plan.shots[0]!.imagery[0]!.start = 3; // no longer points at its term
      plan.shots[1]!.durationSec = -1;
      const out = path.join(work.dir, 'bad-plan.mp4');
      await assert.rejects(films.renderFilm(plan, { width: 180, height: 320, out }), (error: Error) => {
        assert.ok(error instanceof PlanValidationError);
        assert.match(error.message, /^invalid shot plan: /);
        assert.match(error.message, /shots\.0\.imagery\.0: imagery "床" does not match line 0/);
        assert.match(error.message, /shots\.1\.durationSec/);
        return true;
      });
      assert.equal(existsSync(out), false);
      await assert.rejects(films.renderFilm({ schemaVersion: 1 }, {}), PlanValidationError);
    } finally {
      await films.close();
    }
  });

  it('stops before rendering anything when the subtitle font is missing', async () => {
    const mediaRoot = path.join(work.dir, 'no-font');
    const films = studio(mediaRoot);
    try {
      const out = path.join(work.dir, 'no-font.mp4');
      await assert.rejects(films.renderFilm(await fixturePlan('jing-ye-si'), { width: 180, height: 320, out, subtitleFont: '/nonexistent/Kai.ttf' }), (error: Error) => {
        assert.ok(error instanceof SubtitleFontError);
        assert.match(error.message, /subtitle font not found: \/nonexistent\/Kai\.ttf/);
        return true;
      });
      assert.equal(existsSync(out), false);
      assert.equal((await storeContents(mediaRoot, 'shot')).entries, 0);
    } finally {
      await films.close();
    }
  });

  it('reports ffmpeg killed in the middle of a shot, and leaves no film and no half-made shot', async () => {
    const mediaRoot = path.join(work.dir, 'killed');
    const films = studio(mediaRoot);
    const out = path.join(work.dir, 'killed.mp4');
    const spawned: number[] = [];
    const killed: number[] = [];
    const killFirstEncoder = () => {
      // Once frames are flowing into the first shot's encoder, kill it.
      const pid = spawned[0];
      if (pid === undefined || killed.length > 0) return;
      // Only ever our own encoder: still running, writing into this test's media store.
      let ours = false;
      try {
        ours = readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(mediaRoot);
      } catch {
        ours = false;
      }
      if (!ours) {
        spawned.shift(); // finished already: the next progress report tries the next encoder
        return;
      }
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    };
    try {
      await assert.rejects(
        films.renderFilm(
          await fixturePlan('jing-ye-si'),
          { width: 360, height: 640, out },
          {
            onFfmpegSpawn: (pid) => spawned.push(pid),
            onProgress: (p) => {
              if (p.stage === 'shots' && p.fraction > 0.08) killFirstEncoder();
            },
          },
        ),
        (error: Error) => {
          assert.match(error.message, /encode shot \d: ffmpeg was killed \(SIGKILL\) before it finished/);
          return true;
        },
      );
      assert.equal(killed.length, 1);
      assert.equal(existsSync(out), false, 'no film at --out');
      const films_ = await storeContents(mediaRoot, 'film');
      assert.equal(films_.entries, 0, 'no film in the store');
      assert.deepEqual(films_.tmp, [], 'no temporary files left');
      // The shots that did finish are kept (a retry will not redo them); the killed one is not.
      assert.ok((await storeContents(mediaRoot, 'shot')).entries < 4);
    } finally {
      await films.close();
    }
  });

  it('says so in one line from the command line, with no output file', async () => {
    const bad = path.join(work.dir, 'bad.plan.json');
    await writeFile(bad, JSON.stringify({ schemaVersion: 1, poem: { title: '静夜思' } }));
    const out = path.join(work.dir, 'cli.mp4');
    const result = await new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(root, 'bin/shiying.js'), 'render', '--plan', bad, '--out', out], {
        cwd: root,
        env: { ...process.env, SHIYING_MEDIA_ROOT: path.join(work.dir, 'cli-media') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.on('close', (code) => resolve({ code, stderr, stdout }));
    });
    assert.equal(result.code, 1);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, /^shiying: invalid shot plan: .*poem\.author: Required/);
    assert.equal(existsSync(out), false);
  });
});
