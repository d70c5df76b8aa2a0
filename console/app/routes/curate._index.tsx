// /curate: search the corpus (either script; dynasty, form, collection, poet; ranked by match then fame), queue one or many poems with
// provider/aspect/look/priority, or paste a poem that is not in the corpus.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useState } from 'react';
import { CsrfField, ErrorView } from '../components/chrome.js';
import { ProductionOptionsFields } from '../components/production-options.js';
import { corpusFacets, PasteError, pastePoem, searchCorpus, type CorpusFilters } from '../corpus.server.js';
import { useScript, useT } from '../i18n.js';
import { joinLines, MAX_QUEUE_AT_ONCE, SEARCH_PAGE_SIZE } from '../constants.js';
import { optionsFromForm, queuePoems, type FieldErrors, type QueueOutcome } from '../productions.server.js';
import { db, productionsDeps } from '../services.server.js';
import { readForm, requireUser } from '../session.server.js';

export const meta: MetaFunction = () => [{ title: '选诗 Curate | 诗影 Shiying' }, { name: 'robots', content: 'noindex' }];

function filtersOf(params: URLSearchParams): CorpusFilters {
  return {
    dynasty: params.get('dynasty')?.slice(0, 20) || undefined,
    form: params.get('form')?.slice(0, 20) || undefined,
    collection: params.get('collection')?.slice(0, 40) || undefined,
    author: params.get('author')?.slice(0, 40) || undefined,
  };
}

/** Starting points for an empty search. */
const EXAMPLES: [string, string][] = [
  ['q', '静夜思'],
  ['q', '李白'],
  ['q', '明月'],
  ['q', '舉頭望明月'],
  ['collection', '唐诗三百首'],
  ['collection', '宋词三百首'],
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'curator');
  const params = new URL(request.url).searchParams;
  const q = (params.get('q') ?? '').trim().slice(0, 100);
  const page = Math.max(1, Math.min(500, Number(params.get('page')) || 1));
  const filters = filtersOf(params);
  const sql = db();
  const [results, facets] = await Promise.all([searchCorpus(sql, q, filters, page), corpusFacets(sql)]);
  return { q, page, filters, results, facets };
}

type ActionResult =
  | { intent: 'queue'; outcomes: QueueOutcome[]; errors?: undefined }
  | { intent: 'queue'; errors: FieldErrors; outcomes?: undefined }
  | { intent: 'paste'; errors: FieldErrors; outcomes?: undefined };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'curator');
  const form = await readForm(request);
  const intent = form.get('intent');
  if (intent === 'paste') {
    try {
      const poem = await pastePoem(db(), {
        text: String(form.get('text') ?? ''),
        title: String(form.get('title') ?? ''),
        author: String(form.get('author') ?? ''),
        dynasty: String(form.get('dynasty') ?? ''),
      });
      return redirect(`/curate/poems/${encodeURIComponent(poem.id)}`);
    } catch (error) {
      if (error instanceof PasteError) return data<ActionResult>({ intent: 'paste', errors: error.fields }, { status: 400 });
      throw error;
    }
  }
  if (intent !== 'queue') return data<ActionResult>({ intent: 'queue', errors: { form: 'unknown action' } }, { status: 400 });
  const poemIds = [...new Set(form.getAll('poemId').map(String).filter((id) => id !== ''))];
  if (poemIds.length === 0) return data<ActionResult>({ intent: 'queue', errors: { poemId: 'none' } }, { status: 400 });
  if (poemIds.length > MAX_QUEUE_AT_ONCE) return data<ActionResult>({ intent: 'queue', errors: { poemId: 'tooMany' } }, { status: 400 });
  const parsed = optionsFromForm(form);
  if ('errors' in parsed) return data<ActionResult>({ intent: 'queue', errors: parsed.errors }, { status: 400 });
  const outcomes = await queuePoems(await productionsDeps(), poemIds, parsed.options, user.email);
  return data<ActionResult>({ intent: 'queue', outcomes });
}

/** One filter of the corpus search: a labelled select of a facet's values, "any" first. */
function FacetSelect(props: { name: keyof CorpusFilters; label: string; any: string; values: string[]; chosen: string | undefined; shown?: (value: string) => string }) {
  return (
    <div>
      <label htmlFor={props.name}>{props.label}</label>
      <select id={props.name} name={props.name} defaultValue={props.chosen ?? ''}>
        <option value="">{props.any}</option>
        {props.values.map((value) => (
          <option key={value} value={value}>
            {props.shown ? props.shown(value) : value}
          </option>
        ))}
      </select>
    </div>
  );
}

export default function Curate() {
  const { q, page, filters, results, facets } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const t = useT();
  const script = useScript();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const pageLink = (target: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(target));
    return `?${next}`;
  };
  const queueErrors = result?.intent === 'queue' ? result.errors : undefined;
  const pasteErrors = result?.intent === 'paste' ? result.errors : undefined;
  const queued = result?.outcomes?.filter((outcome) => outcome.result) ?? [];
  const failed = result?.outcomes?.filter((outcome) => outcome.error) ?? [];
  const submitting = navigation.state === 'submitting';

  return (
    <main>
      <h1>{t('curate.title')}</h1>
      <Form method="get" className="card" role="search" data-testid="corpus-search">
        <div className="form-row">
          <div style={{ flex: '3 1 16rem' }}>
            <label htmlFor="q">{t('curate.search')}</label>
            <input id="q" name="q" type="search" defaultValue={q} placeholder={t('curate.query')} maxLength={100} />
          </div>
          <FacetSelect name="dynasty" label={t('curate.dynasty')} any={t('curate.any')} values={facets.dynasties} chosen={filters.dynasty} shown={(value) => value || '—'} />
          <FacetSelect name="form" label={t('curate.form')} any={t('curate.any')} values={facets.forms} chosen={filters.form} />
          <FacetSelect name="collection" label={t('curate.collection')} any={t('curate.any')} values={facets.collections} chosen={filters.collection} />
          <div>
            <label htmlFor="author">{t('curate.author')}</label>
            <input id="author" name="author" type="text" defaultValue={filters.author ?? ''} maxLength={40} />
          </div>
          <div className="narrow">
            <button type="submit" className="primary">
              {t('search.submit')}
            </button>
          </div>
        </div>
      </Form>

      {queued.length > 0 ? (
        <div className="flash" role="status" data-testid="queued">
          {t('curate.queued', { count: queued.length })}:{' '}
          {queued.map((outcome, i) => (
            <span key={outcome.poemId}>
              {i > 0 ? '、' : ''}
              <Link to={`/curate/productions#${outcome.result!.productionId}`}>{outcome.result!.productionId}</Link>
              {outcome.result!.existing ? ` (${t('curate.alreadyQueued', { id: outcome.result!.productionId })})` : ''}
            </span>
          ))}
        </div>
      ) : null}
      {failed.length > 0 ? (
        <div className="flash error" role="alert">
          {failed.map((outcome) => (
            <p key={outcome.poemId}>{outcome.error}</p>
          ))}
        </div>
      ) : null}
      {queueErrors?.poemId ? (
        <p className="flash error" role="alert">
          {queueErrors.poemId === 'tooMany' ? t('curate.tooMany', { max: MAX_QUEUE_AT_ONCE }) : t('curate.noSelection')}
        </p>
      ) : null}

      <div className="curate-layout">
        <Form method="post" id="queue-form">
          <CsrfField />
          <input type="hidden" name="intent" value="queue" />
          {results.problem ? (
            <p className="flash error" role="alert">
              {results.problem}
            </p>
          ) : null}
          {q === '' && !Object.values(filters).some(Boolean) ? (
            <p className="muted" data-testid="examples">
              {t('curate.examples')}{' '}
              {EXAMPLES.map(([name, value], i) => (
                <span key={i}>
                  {i > 0 ? ' · ' : ''}
                  <Link to={`?${new URLSearchParams({ [name]: value })}`}>{value}</Link>
                </span>
              ))}
            </p>
          ) : (
            <p className="muted small">{t('curate.results', { count: results.total })}</p>
          )}
          {results.poems.length === 0 ? (
            q || Object.values(filters).some(Boolean) ? <p className="muted">{t('curate.none')}</p> : null
          ) : (
            <table className="poem-table" data-testid="corpus-results">
              <thead>
                <tr>
                  <th scope="col">{t('curate.select')}</th>
                  <th scope="col">{t('productions.poem')}</th>
                  <th scope="col">{t('curate.form')}</th>
                  <th scope="col">{t('curate.fame')}</th>
                </tr>
              </thead>
              <tbody>
                {results.poems.map((poem) => (
                  <tr key={poem.id} data-testid="corpus-poem">
                    <td>
                      <input type="checkbox" name="poemId" value={poem.id} checked={selected.has(poem.id)} onChange={() => toggle(poem.id)} aria-label={`${t('curate.select')} ${poem.title}`} />
                    </td>
                    <td>
                      <Link to={`/curate/poems/${encodeURIComponent(poem.id)}`}>{script === 'hant' ? poem.titleTraditional : poem.title}</Link>{' '}
                      <span className="muted small">
                        {poem.dynasty} · {script === 'hant' ? poem.authorTraditional : poem.author}
                        {poem.source === 'pasted' ? ` · ${t('poem.pasted')}` : ''}
                      </span>
                      <div className="first-line muted small">{joinLines((script === 'hant' ? poem.linesTraditional : poem.lines).slice(0, 2))}</div>
                    </td>
                    <td className="small">{poem.form}</td>
                    <td>
                      {poem.fame === null || poem.fame === undefined ? (
                        <span className="muted small">—</span>
                      ) : (
                        <span className="fame-bar" title={poem.fame.toFixed(2)}>
                          <span style={{ width: `${Math.round(poem.fame * 100)}%` }} />
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <nav className="pager" aria-label="pages">
            {page > 1 ? <Link to={pageLink(page - 1)}>← {t('curate.prev')}</Link> : <span />}
            {page * SEARCH_PAGE_SIZE < results.total ? <Link to={pageLink(page + 1)}>{t('curate.next')} →</Link> : <span />}
          </nav>
        </Form>

        <aside className="sticky-panel">
          <div className="card">
            <ProductionOptionsFields errors={queueErrors} form="queue-form" />
            <button type="submit" form="queue-form" className="primary" disabled={submitting || selected.size === 0} data-testid="queue-selected">
              {t('curate.queueSelected', { count: selected.size })}
            </button>
          </div>
          <Form method="post" className="card" data-testid="paste-form">
            <CsrfField />
            <input type="hidden" name="intent" value="paste" />
            <h2 style={{ marginTop: 0 }}>{t('curate.paste')}</h2>
            <div className="grid">
              <div>
                <label htmlFor="paste-title">{t('curate.pasteTitle')}</label>
                <input id="paste-title" name="title" type="text" maxLength={100} />
                {pasteErrors?.title ? <p className="field-error">{pasteErrors.title}</p> : null}
              </div>
              <div className="form-row">
                <div>
                  <label htmlFor="paste-author">{t('curate.pasteAuthor')}</label>
                  <input id="paste-author" name="author" type="text" maxLength={40} />
                  {pasteErrors?.author ? <p className="field-error">{pasteErrors.author}</p> : null}
                </div>
                <div>
                  <label htmlFor="paste-dynasty">{t('curate.pasteDynasty')}</label>
                  <input id="paste-dynasty" name="dynasty" type="text" maxLength={10} />
                  {pasteErrors?.dynasty ? <p className="field-error">{pasteErrors.dynasty}</p> : null}
                </div>
              </div>
              <div>
                <label htmlFor="paste-text">{t('curate.pasteText')}</label>
                <textarea id="paste-text" name="text" required maxLength={4000} placeholder="床前明月光，疑是地上霜。" />
                {pasteErrors?.text ? <p className="field-error" role="alert">{pasteErrors.text}</p> : null}
              </div>
              <button type="submit" className="secondary" disabled={submitting}>
                {t('curate.pasteSubmit')}
              </button>
            </div>
          </Form>
        </aside>
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorView />;
}
