// /review/:productionId — the draft player and storyboard; one card per shot (line, imagery
// linked to its characters, prompt, camera, narration, thumbnail, provider, cost, what was not
// drawn) with approve and regenerate-with-a-note; versions side by side; approve and publish,
// reject with a reason; the audit log. Curators may look; only reviewers decide.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useRef } from 'react';
import { review, type ReviewAction } from '../../../productions/productions.js';
import type { ShotEdits } from '../../../workflows/production-state.js';
import { CsrfField, ErrorView } from '../components/chrome.js';
import { PoemLines, useCurrentLine } from '../components/film-player.js';
import { LiveBadge, StatusPill, useLivePolling, useSettling } from '../components/live.js';
import { ImageryChips, PoemWithImagery, ShotDetails, type PlanShot } from '../components/shot-plan.js';
import { useRootData, useScript, useT, type StringKey } from '../i18n.js';
import { mediaUrl } from '../media.js';
import { joinLines, MAX_NOTE_LENGTH } from '../constants.js';
import { auditLog, draftVersions, noteFrom, productionDetail, productionShots } from '../productions.server.js';
import { db, productionsDeps } from '../services.server.js';
import { hasRole, readForm, requireUser } from '../session.server.js';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, ['reviewer', 'curator']);
  const sql = db();
  const production = await productionDetail(sql, params.productionId ?? '');
  if (!production) throw new Response('没有这个制作 / There is no such production.', { status: 404, statusText: 'Not Found' });
  const [shots, versions, audit, publications] = await Promise.all([
    productionShots(sql, [production.id]).then((map) => map.get(production.id) ?? []),
    draftVersions(sql, production.id),
    auditLog(sql, production.id),
    sql<{ slug: string; unpublished_at: Date | null }[]>`select slug, unpublished_at from publications where production_id = ${production.id}`,
  ]);
  const latest = versions[versions.length - 1] ?? null;
  const plan = production.plan ?? latest?.plan ?? null;
  const url = new URL(request.url);
  const compareParam = url.searchParams.get('compare');
  let compare: { a: number; b: number } | null = null;
  if (compareParam && versions.length >= 2) {
    const [a, b] = compareParam.split(',').map(Number);
    const known = (n: number | undefined) => versions.some((version) => version.version === n);
    compare = known(a) && known(b) ? { a: a!, b: b! } : { a: versions[versions.length - 2]!.version, b: latest!.version };
  }
  const publication = publications[0] ? { slug: publications[0].slug, visible: publications[0].unpublished_at === null } : null;
  return {
    canDecide: hasRole(user, 'reviewer'),
    production: { ...production, plan: null },
    plan: plan
      ? {
          lines: plan.poem.lines,
          linesTraditional: plan.poem.linesTraditional,
          shots: plan.shots as PlanShot[],
          look: plan.style.look,
          aspect: plan.style.aspect,
        }
      : null,
    shots: shots.map((shot) => ({ ...shot, clip: shot.clip ? mediaUrl(shot.clip) : null })),
    versions: versions.map((version) => ({
      version: version.version,
      film: mediaUrl(version.film),
      poster: mediaUrl(version.poster),
      storyboard: mediaUrl(version.storyboard),
      vtt: mediaUrl(version.vtt),
      durationSec: version.durationSec,
      createdAt: version.createdAt,
      shots: version.shots.map((shot) => ({ index: shot.index, clip: shot.clip, durationSec: shot.durationSec, cached: shot.cached })),
      prompts: version.plan.shots.map((shot) => shot.prompt),
    })),
    compare,
    audit,
    publication,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: loaded ? `${loaded.production.title} · 审阅 | 诗影` : '审阅 | 诗影' },
  { name: 'robots', content: 'noindex' },
];

type ActionData = { ok: ReviewAction; shotIndex?: number } | { errors: Record<string, string>; shotIndex?: number };

function edited(form: FormData, name: string): string | undefined {
  const value = String(form.get(name) ?? '').trim();
  return value === '' ? undefined : value.slice(0, 4000);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, 'reviewer');
  const form = await readForm(request);
  const productionId = params.productionId ?? '';
  const production = await productionDetail(db(), productionId);
  if (!production) throw new Response('Not Found', { status: 404 });
  const intent = String(form.get('intent') ?? '');
  const shotText = form.get('shotIndex');
  const shotIndex = shotText === null || shotText === '' ? undefined : Number(shotText);
  if (shotIndex !== undefined && !Number.isInteger(shotIndex)) return data<ActionData>({ errors: { form: 'bad shot number' } }, { status: 400 });
  let request_: Parameters<typeof review>[1];
  switch (intent) {
    case 'approveShot':
      if (shotIndex === undefined) return data<ActionData>({ errors: { form: 'which shot?' } }, { status: 400 });
      request_ = { productionId, action: 'approve', shotIndex, actor: user.email };
      break;
    case 'regenerate': {
      if (shotIndex === undefined) return data<ActionData>({ errors: { form: 'which shot?' } }, { status: 400 });
      const note = noteFrom(form, 'note', true);
      if ('error' in note) return data<ActionData>({ errors: { note: note.error }, shotIndex }, { status: 400 });
      const edits: ShotEdits = {};
      const prompt = edited(form, 'prompt');
      const recite = edited(form, 'recite');
      const translation = edited(form, 'translation');
      if (prompt) edits.prompt = prompt;
      if (recite || translation) edits.narration = { ...(recite ? { recite } : {}), ...(translation ? { translation } : {}) };
      request_ = { productionId, action: 'regenerate', shotIndex, note: note.value, actor: user.email, ...(Object.keys(edits).length > 0 ? { edits } : {}) };
      break;
    }
    case 'publish':
    case 'unpublish':
    case 'retry': {
      const note = noteFrom(form, 'note', false);
      if ('error' in note) return data<ActionData>({ errors: { note: note.error } }, { status: 400 });
      request_ = { productionId, action: intent, actor: user.email, ...(note.value ? { note: note.value } : {}) };
      break;
    }
    case 'reject': {
      const reason = noteFrom(form, 'reason', true);
      if ('error' in reason) return data<ActionData>({ errors: { reason: reason.error } }, { status: 400 });
      request_ = { productionId, action: 'reject', note: reason.value, actor: user.email };
      break;
    }
    default:
      return data<ActionData>({ errors: { form: 'unknown action' } }, { status: 400 });
  }
  try {
    await review(await productionsDeps(), { ...request_, acceptOnly: true });
  } catch (error) {
    if ((error as { userFacing?: boolean }).userFacing) {
      const status = (error as { status?: number }).status;
      return data<ActionData>({ errors: { form: (error as Error).message }, shotIndex }, { status: status === 404 ? 404 : status === 409 ? 409 : 400 });
    }
    throw error;
  }
  return data<ActionData>({ ok: request_.action, shotIndex });
}

const ACTIVE = new Set(['queued', 'generating']);

/** What differs between two prompts (the shared start and end elided), or the start when equal. */
function promptDifference(a: string, b: string): [string, string] {
  if (a === b) return [a.length > 70 ? `${a.slice(0, 70)}…` : a, b.length > 70 ? `${b.slice(0, 70)}…` : b];
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const part = (text: string) => `${start > 0 ? '…' : ''}${text.slice(start, text.length - end) || '∅'}${end > 0 ? '…' : ''}`;
  return [part(a), part(b)];
}

export default function ReviewProduction() {
  const { canDecide, production, plan, shots, versions, compare, audit, publication } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const script = useScript();
  const { preferences } = useRootData();
  const [params] = useSearchParams();
  const live = ACTIVE.has(production.status);
  // After a decision the workflow acts a moment later: stay live until the production changes.
  const settling = useSettling(result && 'ok' in result ? result : null, `${production.status}|${production.version}|${shots.map((s) => s.status).join()}`);
  useLivePolling(live || settling, 1500);
  const latest = versions[versions.length - 1];
  const video = useRef<HTMLVideoElement>(null);
  const lines = plan ? (script === 'hant' ? plan.linesTraditional : plan.lines) : [];
  const current = useCurrentLine(video, latest?.vtt ?? '', Boolean(latest), plan?.lines ?? [], plan?.linesTraditional ?? []);
  const busy = navigation.state !== 'idle';
  const awaiting = production.status === 'awaiting_review';
  const errors = result && 'errors' in result ? result.errors : undefined;
  const errorText = (code: string | undefined) =>
    code === 'required' ? t('review.noteRequired') : code === 'tooLong' ? t('review.noteTooLong', { max: MAX_NOTE_LENGTH }) : code;
  const comparePair = compare ? [versions.find((v) => v.version === compare.a)!, versions.find((v) => v.version === compare.b)!] : null;

  return (
    <main data-testid="review-page" data-status={production.status} data-version={production.version}>
      <p className="small">
        <Link to={canDecide ? '/review' : '/curate/productions'}>← {canDecide ? t('review.title') : t('productions.title')}</Link>
      </p>
      <h1>
        {production.title} <span className="muted small">· {production.author}</span> <StatusPill status={production.status} /> <LiveBadge on={live} />
      </h1>
      <p className="muted small">
        {production.id} · {production.options.provider} · {production.options.aspect} · {production.options.look} · {t('review.cost')} ${production.costUsd.toFixed(2)}
        {latest ? ` · ${t('review.draft', { version: latest.version })}` : ''}
        {publication ? (
          <>
            {' · '}
            {t('review.publishedAt')}
            {publication.visible ? <Link to={`/p/${publication.slug}`}>/p/{publication.slug}</Link> : `/p/${publication.slug} (${t('action.unpublish')})`}
          </>
        ) : null}
      </p>
      {production.reason ? <p className="flash error">{production.reason}</p> : null}
      {live ? <p className="flash">{t('review.progress')}</p> : null}
      {result && 'ok' in result ? (
        <p className="flash" role="status" data-testid="review-accepted">
          {t('review.accepted', { action: t(`action.${result.ok === 'approve' ? 'approve_shot' : result.ok === 'regenerate' ? 'regenerate_shot' : result.ok}` as StringKey) })}
          {result.shotIndex !== undefined ? ` · ${t('poem.shot', { n: result.shotIndex + 1 })}` : ''}
        </p>
      ) : null}
      {errors?.form ? (
        <p className="flash error" role="alert" data-testid="review-error">
          {errors.form}
        </p>
      ) : null}

      <div className="review-layout">
        <section>
          {latest ? (
            <div className="draft-player">
              <video ref={video} src={latest.film} poster={latest.poster} controls playsInline preload="metadata" data-testid="draft-video" key={latest.film}>
                <track kind="subtitles" src={latest.vtt} srcLang={preferences.script === 'hant' ? 'zh-Hant' : 'zh-Hans'} label="中文" />
              </video>
              <div className="card" style={{ marginTop: '.8rem' }}>
                <PoemLines lines={lines} current={current} />
              </div>
            </div>
          ) : (
            <p className="muted">{t('review.noDraft')}</p>
          )}
          {latest ? (
            <figure className="storyboard">
              <figcaption className="small muted">{t('review.storyboard')}</figcaption>
              <img src={latest.storyboard} alt={t('review.storyboard')} loading="lazy" />
            </figure>
          ) : null}

          {canDecide ? (
            <div className="decision-forms">
              {awaiting ? (
                <Form method="post" className="card">
                  <CsrfField />
                  <input type="hidden" name="intent" value="publish" />
                  <label htmlFor="publish-note">{t('review.note')}</label>
                  <input id="publish-note" name="note" type="text" maxLength={MAX_NOTE_LENGTH} />
                  <p>
                    <button type="submit" className="primary" disabled={busy} data-testid="publish">
                      {t('review.publish')}
                    </button>
                  </p>
                </Form>
              ) : null}
              {awaiting || production.status === 'failed' ? (
                <Form method="post" className="card">
                  <CsrfField />
                  <input type="hidden" name="intent" value="reject" />
                  <label htmlFor="reject-reason">{t('review.reason')}</label>
                  <textarea id="reject-reason" name="reason" maxLength={MAX_NOTE_LENGTH} />
                  {errors?.reason ? <p className="field-error">{errorText(errors.reason) === t('review.noteRequired') ? t('review.reasonRequired') : errorText(errors.reason)}</p> : null}
                  <p>
                    <button type="submit" className="danger" disabled={busy} data-testid="reject">
                      {t('review.reject')}
                    </button>
                  </p>
                </Form>
              ) : null}
              {production.status === 'failed' ? (
                <Form method="post" className="card">
                  <CsrfField />
                  <input type="hidden" name="intent" value="retry" />
                  <button type="submit" className="secondary" disabled={busy}>
                    {t('productions.retry')}
                  </button>
                </Form>
              ) : null}
              {production.status === 'published' ? (
                <Form method="post" className="card">
                  <CsrfField />
                  <input type="hidden" name="intent" value="unpublish" />
                  <label htmlFor="unpublish-note">{t('review.note')}</label>
                  <input id="unpublish-note" name="note" type="text" maxLength={MAX_NOTE_LENGTH} />
                  <p>
                    <button type="submit" className="danger" disabled={busy}>
                      {t('review.unpublish')}
                    </button>
                  </p>
                </Form>
              ) : null}
            </div>
          ) : null}

          <h2>{t('review.audit')}</h2>
          <ol className="audit" data-testid="audit-log">
            {audit.map((entry) => (
              <li key={entry.id} data-action={entry.action}>
                <time dateTime={entry.at}>{entry.at.slice(0, 19).replace('T', ' ')}</time>
                <strong>{entry.actor}</strong> {t(`action.${entry.action}` as StringKey)}
                {entry.shotIndex !== null ? ` · ${t('poem.shot', { n: entry.shotIndex + 1 })}` : ''}
                {entry.version !== null && entry.version > 0 ? ` · v${entry.version}` : ''}
                {entry.note ? <div className="muted">“{entry.note}”</div> : null}
                {entry.edits ? <div className="muted small">{JSON.stringify(entry.edits)}</div> : null}
              </li>
            ))}
          </ol>
        </section>

        <section>
          {plan ? <PoemWithImagery lines={lines} imagery={plan.shots.flatMap((shot) => shot.imagery)} scope="review" /> : null}

          {versions.length >= 2 ? (
            <Form method="get" className="form-row" style={{ maxWidth: '30rem' }}>
              <div>
                <label htmlFor="compare">{t('review.compare')}</label>
                <select id="compare" name="compare" defaultValue={params.get('compare') ?? `${versions[versions.length - 2]!.version},${latest!.version}`}>
                  {versions.flatMap((a, i) =>
                    versions.slice(i + 1).map((b) => (
                      <option key={`${a.version},${b.version}`} value={`${a.version},${b.version}`}>
                        v{a.version} ↔ v{b.version}
                      </option>
                    )),
                  )}
                </select>
              </div>
              <div className="narrow">
                <button type="submit" className="secondary" data-testid="compare">
                  {t('review.compareWith')}
                </button>
              </div>
            </Form>
          ) : null}
          {comparePair ? (
            <section className="card" data-testid="compare-view">
              <div className="compare">
                {comparePair.map((version) => (
                  <figure key={version.version} style={{ margin: 0 }}>
                    <figcaption>v{version.version}</figcaption>
                    <video src={version.film} poster={version.poster} controls playsInline preload="metadata" />
                  </figure>
                ))}
              </div>
              <table className="compare-shots">
                <thead>
                  <tr>
                    <th>{t('review.shots')}</th>
                    <th>v{comparePair[0]!.version}</th>
                    <th>v{comparePair[1]!.version}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {comparePair[1]!.shots.map((shot) => {
                    const before = comparePair[0]!.shots.find((other) => other.index === shot.index);
                    const changed = !before || before.clip !== shot.clip;
                    return (
                      <tr key={shot.index} data-testid="compare-shot" data-changed={changed ? 'true' : 'false'}>
                        <td>{t('poem.shot', { n: shot.index + 1 })}</td>
                        <td className="small muted">{promptDifference(comparePair[0]!.prompts[shot.index] ?? '', comparePair[1]!.prompts[shot.index] ?? '')[0]}</td>
                        <td className="small">{promptDifference(comparePair[0]!.prompts[shot.index] ?? '', comparePair[1]!.prompts[shot.index] ?? '')[1]}</td>
                        <td>{changed ? <span className="pill status-awaiting_review">{t('review.changed')}</span> : <span className="pill">{t('review.same')}</span>}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </section>
          ) : null}

          <h2>{t('review.shots')}</h2>
          <div className="shots" data-testid="shot-cards">
            {(plan?.shots ?? []).map((shot) => {
              const state = shots.find((s) => s.index === shot.index);
              const shotLines = joinLines(shot.lineIndexes.map((i) => lines[i]));
              const open = result !== undefined && 'errors' in result && result.shotIndex === shot.index;
              return (
                <article key={shot.index} className="card shot-card" data-testid="shot-card" data-shot={shot.index} data-status={state?.status ?? 'planned'} data-take={state?.version ?? 0}>
                  <h3>
                    {t('poem.shot', { n: shot.index + 1 })} {state ? <StatusPill status={state.status} kind="shotStatus" /> : null}
                    <span className="muted small">
                      {t('review.take', { n: state?.version ?? 0 })}
                      {state?.cached ? ` · ${t('review.cached')}` : ''}
                    </span>
                  </h3>
                  {state?.clip ? (
                    <video className={plan?.aspect === '9:16' ? 'shot-thumb portrait' : 'shot-thumb'} src={`${state.clip}#t=0.5`} preload="metadata" muted playsInline controls data-testid="shot-thumb" />
                  ) : (
                    <div className="shot-thumb" />
                  )}
                  <p className="shot-line">{shotLines}</p>
                  <ImageryChips items={shot.imagery} scope="review" notDrawn={state?.notDrawn ?? []} />
                  <ShotDetails shot={shot} />
                  <dl>
                    <dt>{t('productions.provider')}</dt>
                    <dd>{production.options.provider}</dd>
                    <dt>{t('review.cost')}</dt>
                    <dd>${(state?.costUsd ?? 0).toFixed(2)}</dd>
                    {state && state.notDrawn.length > 0 ? (
                      <>
                        <dt>{t('review.notDrawn')}</dt>
                        <dd data-testid="not-drawn">{state.notDrawn.join('、')}</dd>
                      </>
                    ) : null}
                    {state?.reason ? (
                      <>
                        <dt />
                        <dd className="field-error">{state.reason}</dd>
                      </>
                    ) : null}
                  </dl>
                  {canDecide && awaiting && state?.status === 'ready' ? (
                    <Form method="post">
                      <CsrfField />
                      <input type="hidden" name="intent" value="approveShot" />
                      <input type="hidden" name="shotIndex" value={shot.index} />
                      <button type="submit" className="secondary" disabled={busy} data-testid="approve-shot">
                        {t('review.approveShot')}
                      </button>
                    </Form>
                  ) : null}
                  {canDecide && (awaiting || production.status === 'failed') ? (
                    <details className="regenerate" open={open}>
                      <summary data-testid="regenerate-toggle">{t('review.regenerate')}</summary>
                      <Form method="post" data-testid="regenerate-form">
                        <CsrfField />
                        <input type="hidden" name="intent" value="regenerate" />
                        <input type="hidden" name="shotIndex" value={shot.index} />
                        <label htmlFor={`note-${shot.index}`}>{t('review.note')}</label>
                        <textarea id={`note-${shot.index}`} name="note" placeholder={t('review.notePlaceholder')} maxLength={MAX_NOTE_LENGTH} />
                        {open && errors?.note ? <p className="field-error">{errorText(errors.note)}</p> : null}
                        <label htmlFor={`prompt-${shot.index}`}>{t('review.editPrompt')}</label>
                        <textarea id={`prompt-${shot.index}`} name="prompt" placeholder={shot.prompt} />
                        <label htmlFor={`recite-${shot.index}`}>{t('review.editRecite')}</label>
                        <input id={`recite-${shot.index}`} name="recite" type="text" placeholder={shot.narration.recite} />
                        <label htmlFor={`translation-${shot.index}`}>{t('review.editTranslation')}</label>
                        <input id={`translation-${shot.index}`} name="translation" type="text" placeholder={shot.narration.translation ?? ''} />
                        <button type="submit" className="primary" disabled={busy} data-testid="regenerate-submit">
                          {t('review.regenerate')}
                        </button>
                      </Form>
                    </details>
                  ) : null}
                </article>
              );
            })}
          </div>
        </section>
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorView />;
}
