// The public gallery. Until films are published (later issues), it introduces Shiying.
import type { MetaFunction } from '@remix-run/node';

export const meta: MetaFunction = () => [{ title: '诗影 Shiying' }, { name: 'description', content: 'Classical Chinese poems as short narrated films' }];

export default function Gallery() {
  return (
    <main style={{ maxWidth: 640, margin: '0 auto', padding: '3rem 1.5rem' }}>
      <h1 style={{ fontSize: '3rem', margin: 0 }}>诗影</h1>
      <p>Classical Chinese poems, read aloud and painted in ink.</p>
      <p>尚无已发布的影片。No films have been published yet.</p>
    </main>
  );
}
