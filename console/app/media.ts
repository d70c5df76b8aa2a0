// URLs of media-store paths (relative to the media root), served by console/server.ts.
export function mediaUrl(relativePath: string): string {
  return `/media/${relativePath.split('/').map(encodeURIComponent).join('/')}`;
}
