// Pieces every page shares: the CSRF field of mutating forms, the error view, route handles.
import { Link, isRouteErrorResponse, useRouteError } from '@remix-run/react';
import { translator, useRootData } from '../i18n.js';

export interface RouteHandle {
  /** Full-screen pages (the feed) get a slim header over the content. */
  immersive?: boolean;
}

/** The CSRF token of a mutating form: the session's (root data), or one the route made (login). */
export function CsrfField({ token }: { token?: string }) {
  const root = useRootData();
  return <input type="hidden" name="_csrf" value={token ?? root.csrf} />;
}

/** What every route's ErrorBoundary shows: 404s and 403s in words a visitor understands. */
export function ErrorView() {
  const error = useRouteError();
  const root = useRootData();
  const t = translator(root.preferences);
  let title: string = t('error.title');
  let detail: string | undefined;
  if (isRouteErrorResponse(error)) {
    title = error.status === 404 ? t('error.notFound') : error.status === 403 ? t('error.forbidden') : `${error.status} ${error.statusText}`;
    detail = typeof error.data === 'string' ? error.data : undefined;
  } else if (error instanceof Error && process.env.NODE_ENV !== 'production') {
    detail = error.message;
  }
  return (
    <main className="error-view" role="alert">
      <h1>{title}</h1>
      {detail ? <p className="error-detail">{detail}</p> : null}
      <p>
        <Link to="/">{t('error.back')}</Link>
      </p>
    </main>
  );
}

