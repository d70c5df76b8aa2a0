// Minimal PCM WAV reading and writing (16-bit mono), for placing narration exactly in time.

export interface Pcm16 {
  sampleRate: number;
  samples: Int16Array;
}

export function readWav(buffer: Buffer): Pcm16 {
  if (buffer.toString('ascii', 0, 4) !== 'RIFF' || buffer.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a WAV file');
  let offset = 12;
  let sampleRate = 0;
  let channels = 0;
  let bits = 0;
  let format = 0;
  while (offset + 8 <= buffer.length) {
    const id = buffer.toString('ascii', offset, offset + 4);
    let size = buffer.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = buffer.readUInt16LE(body);
      channels = buffer.readUInt16LE(body + 2);
      sampleRate = buffer.readUInt32LE(body + 4);
      bits = buffer.readUInt16LE(body + 14);
    } else if (id === 'data') {
      if (format !== 1 || bits !== 16 || channels !== 1) throw new Error(`expected 16-bit mono PCM WAV, got format ${format}, ${bits} bits, ${channels} channels`);
      // Streams written without knowing their length say 0 or 0xFFFFFFFF: take the rest of the file.
      if (size === 0 || size === 0xffffffff || body + size > buffer.length) size = buffer.length - body;
      const samples = new Int16Array(Math.floor(size / 2));
      for (let i = 0; i < samples.length; i++) samples[i] = buffer.readInt16LE(body + i * 2);
      return { sampleRate, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAV file has no data chunk');
}

export function writeWav(pcm: Pcm16): Buffer {
  const data = pcm.samples.length * 2;
  const out = Buffer.alloc(44 + data);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + data, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(pcm.sampleRate, 24);
  out.writeUInt32LE(pcm.sampleRate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(data, 40);
  for (let i = 0; i < pcm.samples.length; i++) out.writeInt16LE(pcm.samples[i]!, 44 + i * 2);
  return out;
}

/**
 * Cuts leading and trailing silence (below `threshold` of full scale), keeping `padSec` either
 * side, so a clip's start is where the voice starts.
 */
export function trimSilence(pcm: Pcm16, threshold = 0.02, padSec = 0.02): Pcm16 {
  const limit = threshold * 32767;
  const { samples } = pcm;
  let first = 0;
  while (first < samples.length && Math.abs(samples[first]!) < limit) first++;
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last]!) < limit) last--;
  if (first >= samples.length) return { sampleRate: pcm.sampleRate, samples: new Int16Array(0) };
  const pad = Math.round(padSec * pcm.sampleRate);
  return { sampleRate: pcm.sampleRate, samples: samples.slice(Math.max(0, first - pad), Math.min(samples.length, last + pad + 1)) };
}

/** Places clips at sample-exact offsets in a silent track of `durationSec`. */
export function placeClips(sampleRate: number, durationSec: number, clips: { atSec: number; pcm: Pcm16 }[]): Pcm16 {
  const out = new Int16Array(Math.ceil(durationSec * sampleRate));
  for (const clip of clips) {
    if (clip.pcm.sampleRate !== sampleRate) throw new Error(`clip at ${clip.atSec}s is ${clip.pcm.sampleRate} Hz, expected ${sampleRate}`);
    const start = Math.round(clip.atSec * sampleRate);
    for (let i = 0; i < clip.pcm.samples.length && start + i < out.length; i++) {
      out[start + i] = Math.max(-32768, Math.min(32767, out[start + i]! + clip.pcm.samples[i]!));
    }
  }
  return { sampleRate, samples: out };
}
