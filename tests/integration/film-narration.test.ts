// Narration on real voices: espeak-ng reading tone-numbered pinyin, trimmed and measured; the
// `openai` voice against a local server speaking the speech API; both stored by content.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { validatePlan } from '../../activities/film/produce-film.js';
import { createFfmpegRunner } from '../../activities/media/ffmpeg-runner.js';
import { MediaStore } from '../../activities/media/media-store.js';
import { readWav } from '../../activities/media/wav.js';
import { narrateLines } from '../../activities/narration/narrate.js';
import { createVoiceProvider } from '../../activities/providers/voice-provider.js';
import { FakeOpenAiSpeechServer } from '../support/fake-openai-speech-server.js';
import { ffmpegPath, ffprobePath, fixturePlan, speechOnsets, tempDir } from './film-support.js';
import { readFile } from 'node:fs/promises';

const runner = createFfmpegRunner({ ffmpegPath, ffprobePath });

describe('film: narration', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    work = await tempDir('film-narration');
  });
  after(async () => work.remove());

  it('recites every line with espeak-ng, trimmed to the voice and measured, once', async () => {
    const store = new MediaStore(path.join(work.dir, 'local'));
    const voice = await createVoiceProvider('local');
    const plan = validatePlan(await fixturePlan('jiang-xue'));
    const lines = await narrateLines({ store, runner, voice }, plan);
    assert.deepEqual(lines.map((l) => l.line), [0, 1, 2, 3]);
    for (const line of lines) {
      assert.ok(line.durationSec > 1 && line.durationSec < 5, `line ${line.line}: ${line.durationSec}s`);
      const pcm = readWav(await readFile(line.file));
      assert.equal(pcm.sampleRate, 22050);
      assert.ok(Math.abs(pcm.samples.length / 22050 - line.durationSec) < 0.01);
      // Trimmed: the voice starts within the first 50 ms.
      const onsets = await speechOnsets(line.file, 0.2);
      assert.ok(onsets[0]! < 0.05, `voice starts at ${onsets[0]}s`);
      assert.equal(line.cached, false);
    }
    assert.deepEqual(lines[3]!.reading.syllables, ['du2', 'diao4', 'han2', 'jiang1', 'xue3']);
    const again = await narrateLines({ store, runner, voice }, plan);
    assert.ok(again.every((l) => l.cached));
    assert.deepEqual(again.map((l) => l.file), lines.map((l) => l.file));
  });

  it('reads with the openai voice from a server speaking the speech API', async () => {
    const server = await new FakeOpenAiSpeechServer({ apiKey: 'sk-test', secondsPerCharacter: 0.3 }).start();
    try {
      const store = new MediaStore(path.join(work.dir, 'openai'));
      const voice = await createVoiceProvider('openai', { env: { ...process.env, OPENAI_BASE_URL: `${server.url}/v1`, OPENAI_API_KEY: 'sk-test' } });
      assert.equal(voice.name, 'openai');
      const plan = validatePlan(await fixturePlan('jing-ye-si'));
      const lines = await narrateLines({ store, runner, voice }, plan);
      assert.equal(server.syntheses, 4);
      const inputs = server.requestsTo('speech').map((r) => (r.body as { input: string }).input);
      assert.deepEqual(inputs.sort(), [...plan.poem.lines].sort());
      for (const line of lines) assert.ok(line.durationSec > 1, String(line.durationSec));
      await narrateLines({ store, runner, voice }, plan);
      assert.equal(server.syntheses, 4, 'the second narration came from the store');
    } finally {
      await server.stop();
    }
  });
});
