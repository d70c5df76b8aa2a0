// Who may fetch a media file (console/server.ts serves /media with Range): anyone when it belongs
// to a visible publication (its film, poster or subtitles); otherwise only signed-in staff, who
// review drafts and clips. Everything else is a 404, so unpublished work does not leak.
import { db } from './services.server.js';
import { sessionTokenFromCookieHeader, userOfSessionToken } from './session.server.js';

export type MediaAccess = 'public' | 'staff' | 'none';

export async function mediaAccess(relativePath: string, cookieHeader: string | undefined): Promise<MediaAccess> {
  const [published] = await db()`
    select 1 from publications where unpublished_at is null and (film = ${relativePath} or poster = ${relativePath} or vtt = ${relativePath}) limit 1`;
  if (published) return 'public';
  const token = await sessionTokenFromCookieHeader(cookieHeader);
  if (token && (await userOfSessionToken(token))) return 'staff';
  return 'none';
}
