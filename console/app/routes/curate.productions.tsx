// /curate/productions: every production with per-shot progress that updates by itself while
// anything is in progress; cancel and retry.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { cancelProduction, listProductions, review } from '../../../productions/productions.js';
import { PRODUCTION_STATUSES, type ProductionStatus } from '../../../workflows/production-state.js';
import { CsrfField, ErrorView } from '../components/chrome.js';
import { LiveBadge, StatusPill, useLivePolling, useSettling } from '../components/live.js';
import { useT } from '../i18n.js';
import { productionShots } from '../productions.server.js';
import { db, productionsDeps } from '../services.server.js';
import { readForm, requireUser } from '../session.server.js';

export const meta: MetaFunction = () => [{ title: '制作 Productions | 诗影 Shiying' }, { name: 'robots', content: 'noindex' }];

const PAGE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'curator');
  const params = new URL(request.url).searchParams;
  const statusParam = params.get('status');
  const status = PRODUCTION_STATUSES.includes(statusParam as ProductionStatus) ? (statusParam as ProductionStatus) : null;
  const page = Math.max(1, Math.min(1000, Number(params.get('page')) || 1));
  const sql = db();
  const productions = await listProductions({ sql }, { ...(status ? { status: [status] } : {}), limit: PAGE + 1, offset: (page - 1) * PAGE });
  const shown = productions.slice(0, PAGE);
  const shots = await productionShots(sql, shown.map((production) => production.productionId));
  const costs = await sql<{ id: string; cost_usd: string }[]>`select id, cost_usd from productions where id = any(${shown.map((p) => p.productionId)})`;
  const costOf = new Map(costs.map((row) => [row.id, Number(row.cost_usd)]));
  return {
    status,
    page,
    more: productions.length > PAGE,
    productions: shown.map((production) => ({
      ...production,
      costUsd: costOf.get(production.productionId) ?? 0,
      shots: (shots.get(production.productionId) ?? []).map((shot) => ({ index: shot.index, status: shot.status, line: shot.line, reason: shot.reason })),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'curator');
  const form = await readForm(request);
  const productionId = String(form.get('productionId') ?? '');
  const intent = form.get('intent');
  if (!productionId) return data({ error: 'which production?', done: null }, { status: 400 });
  // A request that cannot be right is a 400 before Temporal is asked anything.
  if (intent !== 'cancel' && intent !== 'retry') return data({ error: 'unknown action', done: null }, { status: 400 });
  try {
    const deps = await productionsDeps();
    if (intent === 'cancel') await cancelProduction(deps, productionId);
    else await review(deps, { productionId, action: 'retry', actor: user.email, acceptOnly: true });
    return data({ error: null, done: { intent, productionId } });
  } catch (error) {
    const status = (error as { status?: number }).status;
    if ((error as { userFacing?: boolean }).userFacing) return data({ error: (error as Error).message, done: null }, { status: status === 404 ? 404 : status === 409 ? 409 : 400 });
    throw error;
  }
}

const ACTIVE = new Set(['queued', 'generating']);

export default function Productions() {
  const { status, productions, page, more } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const live = productions.some((production) => ACTIVE.has(production.status));
  const settling = useSettling(result?.done ?? null, productions.map((production) => production.status).join());
  useLivePolling(live || settling, 1500);
  return (
    <main>
      <h1>
        {t('productions.title')} <LiveBadge on={live} />
      </h1>
      <Form method="get" className="form-row" style={{ maxWidth: '24rem' }}>
        <div>
          <label htmlFor="status">{t('productions.filter')}</label>
          <select id="status" name="status" defaultValue={status ?? ''} onChange={(event) => event.currentTarget.form?.requestSubmit()}>
            <option value="">{t('productions.all')}</option>
            {PRODUCTION_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`status.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <noscript>
          <button type="submit">OK</button>
        </noscript>
      </Form>
      {result?.done ? (
        <p className="flash" role="status">
          {result.done.intent === 'cancel' ? t('productions.cancelled', { id: result.done.productionId }) : t('productions.retried', { id: result.done.productionId })}
        </p>
      ) : null}
      {result?.error ? (
        <p className="flash error" role="alert">
          {result.error}
        </p>
      ) : null}
      {productions.length === 0 ? (
        <p className="muted">{t('productions.none')}</p>
      ) : (
        <table className="poem-table" data-testid="productions">
          <thead>
            <tr>
              <th scope="col">{t('productions.poem')}</th>
              <th scope="col">{t('productions.status')}</th>
              <th scope="col">{t('productions.shots')}</th>
              <th scope="col">{t('productions.provider')}</th>
              <th scope="col">{t('productions.cost')}</th>
              <th scope="col">{t('productions.updated')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {productions.map((production) => (
              <tr key={production.productionId} id={production.productionId} data-testid="production-row" data-status={production.status}>
                <td>
                  {production.title} <span className="muted small">· {production.author}</span>
                  <div className="muted small">{production.productionId}</div>
                  {production.reason ? <div className="field-error">{production.reason}</div> : null}
                </td>
                <td>
                  <StatusPill status={production.status} />
                </td>
                <td>
                  <div className="progress" title={`${production.shotsReady}/${production.shotsTotal}`}>
                    <span style={{ width: `${production.shotsTotal ? Math.round((production.shotsReady / production.shotsTotal) * 100) : 0}%` }} />
                  </div>
                  <div className="shot-dots" data-testid="shot-dots">
                    {production.shots.map((shot) => (
                      <span key={shot.index} className={`shot-dot ${shot.status}`} title={`${shot.index + 1}. ${shot.line} — ${t(`shotStatus.${shot.status as 'ready'}`)}${shot.reason ? `: ${shot.reason}` : ''}`} data-status={shot.status} />
                    ))}
                  </div>
                  <span className="muted small" data-testid="shots-ready">
                    {production.shotsReady}/{production.shotsTotal}
                  </span>
                </td>
                <td className="small">{production.provider}</td>
                <td className="small">${production.costUsd.toFixed(2)}</td>
                <td className="small muted">
                  <time dateTime={production.updatedAt}>{production.updatedAt.slice(5, 16).replace('T', ' ')}</time>
                </td>
                <td>
                  <div className="table-actions">
                    {production.status === 'awaiting_review' || production.status === 'published' ? (
                      <Link to={`/review/${production.productionId}`} className="button secondary">
                        {t('productions.review')}
                      </Link>
                    ) : null}
                    {['queued', 'generating', 'awaiting_review', 'failed', 'published'].includes(production.status) ? (
                      <Form method="post">
                        <CsrfField />
                        <input type="hidden" name="productionId" value={production.productionId} />
                        <button type="submit" name="intent" value="cancel" className="secondary" disabled={navigation.state !== 'idle'}>
                          {t('productions.cancel')}
                        </button>
                      </Form>
                    ) : null}
                    {production.status === 'failed' ? (
                      <Form method="post">
                        <CsrfField />
                        <input type="hidden" name="productionId" value={production.productionId} />
                        <button type="submit" name="intent" value="retry" className="secondary" disabled={navigation.state !== 'idle'}>
                          {t('productions.retry')}
                        </button>
                      </Form>
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label="pages">
        {page > 1 ? <Link to={`?${new URLSearchParams({ ...(status ? { status } : {}), page: String(page - 1) })}`}>← {t('curate.prev')}</Link> : <span />}
        {more ? <Link to={`?${new URLSearchParams({ ...(status ? { status } : {}), page: String(page + 1) })}`}>{t('curate.next')} →</Link> : <span />}
      </nav>
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorView />;
}
