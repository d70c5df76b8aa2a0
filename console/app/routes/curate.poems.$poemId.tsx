// A poem from the corpus: its text with imagery marked, the shot plan the interpreter would make
// (a preview: deterministic, fast), its productions so far, and queueing it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { interpretPoem } from '../../../prompts/interpret.js';
import { CsrfField, ErrorView } from '../components/chrome.js';
import { StatusPill } from '../components/live.js';
import { ProductionOptionsFields } from '../components/production-options.js';
import { ImageryChips, PoemWithImagery, ShotDetails } from '../components/shot-plan.js';
import { joinLines } from '../constants.js';
import { getCorpusPoem } from '../corpus.server.js';
import { useScript, useT } from '../i18n.js';
import { optionsFromForm, productionsOfPoem, queuePoems, type FieldErrors, type QueueOutcome } from '../productions.server.js';
import { db, productionsDeps } from '../services.server.js';
import { readForm, requireUser } from '../session.server.js';

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, 'curator');
  const poem = await getCorpusPoem(db(), params.poemId ?? '');
  if (!poem) throw new Response('诗库里没有这首诗 / This poem is not in the corpus.', { status: 404, statusText: 'Not Found' });
  const url = new URL(request.url);
  const aspect = url.searchParams.get('aspect') === '16:9' ? '16:9' : '9:16';
  const lookParam = url.searchParams.get('look');
  const look = lookParam === 'gongbi' || lookParam === 'blue-green' ? lookParam : 'ink-wash';
  let plan: ReturnType<typeof interpretPoem> | null = null;
  let previewError: string | null = null;
  try {
    plan = interpretPoem(
      { id: poem.id, title: poem.title, author: poem.author, dynasty: poem.dynasty, form: poem.form, lines: poem.lines, linesTraditional: poem.linesTraditional },
      { aspect, look },
    );
  } catch (error) {
    previewError = (error as Error).message;
  }
  const productions = await productionsOfPoem(db(), poem.id);
  return { poem, plan, previewError, productions };
}

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: loaded ? `${loaded.poem.title} · ${loaded.poem.author} | 选诗 | 诗影` : '诗影' },
  { name: 'robots', content: 'noindex' },
];

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, 'curator');
  const form = await readForm(request);
  const poem = await getCorpusPoem(db(), params.poemId ?? '');
  if (!poem) throw new Response('Not Found', { status: 404 });
  const parsed = optionsFromForm(form);
  if ('errors' in parsed) return data<{ errors: FieldErrors; outcomes?: undefined }>({ errors: parsed.errors }, { status: 400 });
  const outcomes = await queuePoems(await productionsDeps(), [poem.id], parsed.options, user.email);
  return data<{ outcomes: QueueOutcome[]; errors?: undefined }>({ outcomes }, { status: outcomes.some((outcome) => outcome.error) ? 409 : 200 });
}

export default function PoemPage() {
  const { poem, plan, previewError, productions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const t = useT();
  const script = useScript();
  // Imagery offsets index the plan's verse lines (couplets split, punctuation removed).
  const lines = plan ? (script === 'hant' ? plan.poem.linesTraditional : plan.poem.lines) : script === 'hant' ? poem.linesTraditional : poem.lines;
  const imagery = plan?.shots.flatMap((shot) => shot.imagery) ?? [];
  const outcome = result?.outcomes?.[0];
  return (
    <main>
      <p className="small">
        <Link to="/curate">← {t('curate.title')}</Link>
      </p>
      <div className="curate-layout">
        <div>
          <h1>{script === 'hant' ? poem.titleTraditional : poem.title}</h1>
          <p className="muted">
            {poem.dynasty || '—'} · {script === 'hant' ? poem.authorTraditional : poem.author} · {poem.form}
            {poem.tune ? ` · ${poem.tune}` : ''}
            {poem.collections.length > 0 ? ` · ${poem.collections.join('、')}` : ''}
            {poem.source === 'pasted' ? ` · ${t('poem.pasted')}` : ''}
          </p>
          {poem.authorBio ? <p className="muted small">{poem.authorBio.slice(0, 400)}</p> : null}
          <PoemWithImagery lines={lines} imagery={imagery} scope="poem" />
          <h2>
            {t('poem.preview')} <span className="muted small">{plan ? `${plan.style.look} · ${plan.style.aspect} · ${plan.shots.length}` : ''}</span>
          </h2>
          <Form method="get" className="form-row" style={{ maxWidth: '28rem' }}>
            <div>
              <label htmlFor="preview-aspect">{t('curate.aspect')}</label>
              <select id="preview-aspect" name="aspect" defaultValue={params.get('aspect') ?? '9:16'}>
                <option value="9:16">9:16</option>
                <option value="16:9">16:9</option>
              </select>
            </div>
            <div>
              <label htmlFor="preview-look">{t('curate.look')}</label>
              <select id="preview-look" name="look" defaultValue={params.get('look') ?? 'ink-wash'}>
                <option value="ink-wash">ink-wash</option>
                <option value="gongbi">gongbi</option>
                <option value="blue-green">blue-green</option>
              </select>
            </div>
            <div className="narrow">
              <button type="submit" className="secondary">
                {t('poem.preview')}
              </button>
            </div>
          </Form>
          <p className="muted small">{t('poem.previewNote')}</p>
          {previewError ? <p className="flash error">{t('poem.previewFailed', { reason: previewError })}</p> : null}
          {plan ? (
            <div className="shots" data-testid="plan-preview">
              {plan.shots.map((shot) => (
                <article key={shot.index} className="card shot-card" data-testid="plan-shot">
                  <h3>{t('poem.shot', { n: shot.index + 1 })}</h3>
                  <p className="shot-line">{joinLines(shot.lineIndexes.map((i) => lines[i]))}</p>
                  <ImageryChips items={shot.imagery} scope="poem" />
                  <ShotDetails shot={shot} />
                </article>
              ))}
            </div>
          ) : null}
        </div>
        <aside className="sticky-panel">
          <Form method="post" className="card" data-testid="queue-poem">
            <CsrfField />
            <ProductionOptionsFields errors={result?.errors} />
            <button type="submit" className="primary" disabled={navigation.state === 'submitting'} data-testid="queue-poem-submit">
              {t('curate.queue')}
            </button>
          </Form>
          {outcome?.result ? (
            <p className="flash" role="status" data-testid="queued">
              {outcome.result.existing ? t('curate.alreadyQueued', { id: outcome.result.productionId }) : t('curate.queued', { count: 1 })} —{' '}
              <Link to={`/curate/productions#${outcome.result.productionId}`}>{outcome.result.productionId}</Link>
            </p>
          ) : null}
          {outcome?.error ? (
            <p className="flash error" role="alert">
              {outcome.error}
            </p>
          ) : null}
          {productions.length > 0 ? (
            <div className="card">
              <h2 style={{ marginTop: 0 }}>{t('poem.productions')}</h2>
              <ul className="audit">
                {productions.map((production) => (
                  <li key={production.id}>
                    <Link to={`/curate/productions#${production.id}`}>{production.id}</Link> <StatusPill status={production.status} />{' '}
                    <span className="muted small">{production.provider}</span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </aside>
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorView />;
}
