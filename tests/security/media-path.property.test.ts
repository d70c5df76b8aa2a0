// Property tests on resolveMediaPath (console/server.ts), the one gate between a /media URL and
// the file system: whatever the path, what it resolves to is inside the media root, names exactly
// the decoded path, and holds no `..`, NUL, backslash or hidden segment.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import path from 'node:path';
import fc from 'fast-check';
import { MEDIA_TYPES, resolveMediaPath } from '../../console/server.js';

const ROOT = '/srv/shiying/media';
const SEED = 20240909;

/** Pieces attackers put together: dots and separators in every encoding, NUL, names, extensions. */
const piece = fc.constantFrom(
  '..', '.', '/', '\\', '%2e', '%2E', '%2f', '%2F', '%5c', '%5C', '%00', '\u0000', '%252e', '%252f', '%25', '%c0%ae', '%c0%af',
  '%ef%bc%8e', '%ef%bc%8f', ':', '%3a', ' ', '%20', 'fixtures', 'prod-1', 'film', 'clip-0', '.mp4', '.vtt', '.jpg', '.json', '~', 'etc', 'passwd', '%E0%A4%A', 'é', '诗',
);
/** Mostly ending in a media extension, so that many paths get past the type check to the rest. */
const rawPath = fc
  .tuple(fc.array(piece, { maxLength: 14 }), fc.constantFrom('.mp4', '.mp4', '.webm', '.jpg', '', '.json'))
  .map(([parts, extension]) => `/${parts.join('')}${extension}`);

describe('resolveMediaPath properties', () => {
  it('never resolves outside the root, and what it resolves is exactly the decoded path', () => {
    let served = 0;
    fc.assert(
      fc.property(rawPath, (raw) => {
        const resolved = resolveMediaPath(ROOT, raw);
        if ('status' in resolved) {
          assert.ok(resolved.status === 400 || resolved.status === 404);
          return;
        }
        assert.ok(resolved.file.startsWith(ROOT + path.sep), `${raw} → ${resolved.file}`);
        assert.equal(resolved.file, path.join(ROOT, resolved.relative));
        const segments = resolved.relative.split('/');
        for (const segment of segments) {
          assert.ok(segment !== '' && !segment.startsWith('.') && !/[\\\0:]/.test(segment), `${raw}: segment ${JSON.stringify(segment)}`);
        }
        assert.ok(MEDIA_TYPES[path.extname(resolved.relative).toLowerCase()], `${raw}: not a media type`);
        assert.equal(resolved.relative, raw.replace(/^\/+/, '').split('/').map(decodeURIComponent).join('/'));
        served++;
      }),
      { numRuns: 3000, seed: SEED },
    );
    assert.ok(served > 100, `only ${served} of the generated paths resolved: the generator no longer reaches the interesting side`);
  });

  it('paths of ordinary names and media extensions resolve (the gate is not simply shut)', () => {
    const name = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}$/);
    fc.assert(
      fc.property(fc.array(name, { minLength: 0, maxLength: 4 }), name, fc.constantFrom(...Object.keys(MEDIA_TYPES)), (folders, file, extension) => {
        const relative = [...folders, `${file}${extension}`].join('/');
        const resolved = resolveMediaPath(ROOT, `/${relative}`);
        assert.deepEqual(resolved, { file: path.join(ROOT, relative), relative });
      }),
      { numRuns: 300, seed: SEED },
    );
  });
});
