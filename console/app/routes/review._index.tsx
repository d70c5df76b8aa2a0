// /review: drafts awaiting review, oldest first; below, what is still being made or has failed.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { listProductions } from '../../../productions/productions.js';
import { ErrorView } from '../components/chrome.js';
import { LiveBadge, StatusPill, useLivePolling } from '../components/live.js';
import { useT } from '../i18n.js';
import { db } from '../services.server.js';
import { requireUser } from '../session.server.js';

export const meta: MetaFunction = () => [{ title: '审阅 Review | 诗影 Shiying' }, { name: 'robots', content: 'noindex' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'reviewer');
  const sql = db();
  const [awaiting, inProgress] = await Promise.all([
    listProductions({ sql }, { status: ['awaiting_review'], oldestFirst: true, limit: 200 }),
    listProductions({ sql }, { status: ['queued', 'generating', 'failed'], oldestFirst: true, limit: 100 }),
  ]);
  return { awaiting, inProgress, now: new Date().toISOString() };
}

function waited(since: string, now: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(now) - Date.parse(since)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} d`;
}

export default function ReviewQueue() {
  const { awaiting, inProgress, now } = useLoaderData<typeof loader>();
  const t = useT();
  const live = inProgress.some((production) => production.status !== 'failed');
  useLivePolling(live, 3000);
  return (
    <main>
      <h1>
        {t('review.title')} <span className="muted small">{t('review.oldestFirst')}</span>
      </h1>
      {awaiting.length === 0 ? (
        <p className="muted">{t('review.none')}</p>
      ) : (
        <table className="poem-table" data-testid="review-queue">
          <tbody>
            {awaiting.map((production) => (
              <tr key={production.productionId} data-testid="review-item">
                <td>
                  <Link to={`/review/${production.productionId}`}>{production.title}</Link> <span className="muted small">· {production.author}</span>
                  <div className="muted small">{production.productionId}</div>
                </td>
                <td className="small">{t('review.draft', { version: production.version })}</td>
                <td className="small">{production.provider}</td>
                <td className="small muted">{t('review.waiting', { time: waited(production.updatedAt, now) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {inProgress.length > 0 ? (
        <>
          <h2>
            {t('review.inProgress')} <LiveBadge on={live} />
          </h2>
          <table className="poem-table">
            <tbody>
              {inProgress.map((production) => (
                <tr key={production.productionId}>
                  <td>
                    <Link to={`/review/${production.productionId}`}>{production.title}</Link> <span className="muted small">· {production.author}</span>
                  </td>
                  <td>
                    <StatusPill status={production.status} />
                  </td>
                  <td className="small">
                    {production.shotsReady}/{production.shotsTotal}
                  </td>
                  <td className="small field-error">{production.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorView />;
}
