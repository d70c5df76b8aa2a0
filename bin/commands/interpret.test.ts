import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chatCompletion, startChatCompletionsServer, type ChatCompletionsServer } from '../../tests/support/chat-completions-server.js';
import { ShotPlan } from '../../prompts/shot-plan.js';
import { command } from './interpret.js';

const QUIET_NIGHT = '床前明月光，疑是地上霜。举头望明月，低头思故乡。';

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...parts: unknown[]) => lines.push(parts.map(String).join(' '));
  try {
    const code = await command.run(args);
    return { code, out: lines.join('\n') };
  } finally {
    console.log = original;
  }
}

async function failure(args: string[]): Promise<string> {
  try {
    await run(args);
  } catch (error) {
    assert.equal((error as { userFacing?: boolean }).userFacing, true, `a one-line user-facing error, got ${String(error)}`);
    assert.ok(!(error as Error).message.includes('\n'));
    return (error as Error).message;
  }
  assert.fail(`shiying interpret ${args.join(' ')} should fail`);
}

describe('shiying interpret', () => {
  it('prints a storyboard with the imagery highlighted, camera and narration', async () => {
    const { code, out } = await run(['--text', QUIET_NIGHT, '--title', '静夜思', '--author', '李白', '--dynasty', '唐']);
    assert.equal(code, 0);
    assert.match(out, /《静夜思》 李白（唐） · 五言绝句/);
    assert.match(out, /床前【明月】光|【床前】【明月】/);
    assert.match(out, /Shot 4\/4 · 合 close/);
    assert.match(out, /recite {3}举头｜望明月，/);
    assert.match(out, /mood {5}longing 思念/);
  });

  it('prints the ShotPlan as JSON with --json', async () => {
    const { out } = await run(['--text', QUIET_NIGHT, '--json', '--aspect', '16:9', '--look', 'gongbi']);
    const plan = ShotPlan.parse(JSON.parse(out));
    assert.equal(plan.poem.title, '无题');
    assert.equal(plan.poem.id, null);
    assert.equal(plan.shots.length, 4);
    assert.equal(plan.style.aspect, '16:9');
    assert.equal(plan.style.look, 'gongbi');
  });

  it('gives one clear error each for empty, non-Chinese and 100,000-character text', async () => {
    assert.match(await failure(['--text', '']), /poem text is empty/);
    assert.match(await failure(['--text', '  。。 ']), /poem text is empty/);
    assert.match(await failure(['--text', 'Moonlight before my bed']), /no Chinese characters/);
    assert.match(await failure(['--text', 'x'.repeat(100_000)]), /100,000 characters long; a poem must be at most 10,000/);
    assert.match(await failure(['--text', '月'.repeat(100_000)]), /100,000 characters long/);
  });

  it('explains bad options in one line', async () => {
    assert.match(await failure([]), /give one poem/);
    assert.match(await failure(['--bogus']), /Unknown option '--bogus'/);
    assert.match(await failure(['--text', QUIET_NIGHT, '--aspect', '4:3']), /--aspect must be 9:16 or 16:9/);
    assert.match(await failure(['--text', QUIET_NIGHT, '--id', '7']), /give one poem/);
  });

  it('looks --id and --title up in the corpus, with one clear line when it cannot', async () => {
    // Without a database this reports the unreachable database; with one, the missing poem.
    assert.match(await failure(['--id', 'not-a-poem-id']), /cannot reach the corpus database|no poem with id not-a-poem-id|corpus has not been imported/);
    assert.match(await failure(['--title', '没有这首诗的标题', '--author', '无名']), /cannot reach the corpus database|no poem titled 没有这首诗的标题 by 无名|corpus has not been imported/);
  });

  describe('--llm', () => {
    let server: ChatCompletionsServer;
    const saved = { base: process.env.SHIYING_LLM_BASE_URL, model: process.env.SHIYING_LLM_MODEL };
    before(async () => {
      server = await startChatCompletionsServer();
    });
    after(async () => {
      if (saved.base === undefined) delete process.env.SHIYING_LLM_BASE_URL;
      else process.env.SHIYING_LLM_BASE_URL = saved.base;
      if (saved.model === undefined) delete process.env.SHIYING_LLM_MODEL;
      else process.env.SHIYING_LLM_MODEL = saved.model;
      await server.close();
    });

    it('falls back to the deterministic plan and says why when no LLM is configured', async () => {
      delete process.env.SHIYING_LLM_BASE_URL;
      delete process.env.SHIYING_LLM_MODEL;
      const { out } = await run(['--text', QUIET_NIGHT, '--llm']);
      assert.match(out, /LLM not used: no LLM is configured/);
    });

    it('falls back when the model answers nonsense, and the JSON records the reason', async () => {
      process.env.SHIYING_LLM_BASE_URL = server.baseUrl;
      process.env.SHIYING_LLM_MODEL = 'test-model';
      server.respondWith(() => ({ body: chatCompletion('not json at all') }));
      const { out } = await run(['--text', QUIET_NIGHT, '--llm', '--json']);
      const plan = ShotPlan.parse(JSON.parse(out));
      assert.equal(plan.interpreter?.kind, 'deterministic');
      assert.match(plan.interpreter?.fallbackReason ?? '', /not valid JSON/);
    });
  });

  it('exits 1 with one line on stderr from the real binary', () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
    const result = spawnSync(process.execPath, [path.join(root, 'bin', 'shiying.js'), 'interpret', '--text', 'hello'], { encoding: 'utf8' });
    assert.equal(result.status, 1);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.match(result.stderr, /^shiying: The text has no Chinese characters/);
  });
});
