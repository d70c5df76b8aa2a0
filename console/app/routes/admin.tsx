// /admin: people and roles (add, change role, disable, reset password), and the providers and
// budgets as this console process sees them — read-only, never a key.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { loadRemoteProviderSettings } from '../../../activities/providers/remote/provider-settings.js';
import { CsrfField, ErrorView } from '../components/chrome.js';
import { useT } from '../i18n.js';
import { db } from '../services.server.js';
import { readForm, requireUser } from '../session.server.js';
import { ROLES } from '../constants.js';
import { activeAdminCount, addUser, getUser, isRole, listUsers, setDisabled, setPassword, setRole, UserError } from '../users.server.js';

export const meta: MetaFunction = () => [{ title: '管理 Admin | 诗影 Shiying' }, { name: 'robots', content: 'noindex' }];

function providerOverview() {
  try {
    const settings = loadRemoteProviderSettings(process.env);
    return {
      error: null,
      providers: [
        { name: 'local', endpoint: '(embedded renderer)', model: 'ink-wash procedural', configured: true, concurrency: null as number | null },
        { name: 'kling', endpoint: settings.kling.baseUrl, model: `${settings.kling.model} (${settings.kling.mode})`, configured: Boolean(settings.kling.accessKey && settings.kling.secretKey), concurrency: settings.concurrency.kling },
        { name: 'wan', endpoint: settings.wan.baseUrl, model: settings.wan.model, configured: Boolean(settings.wan.apiKey), concurrency: settings.concurrency.wan },
        { name: 'openai-videos', endpoint: settings.openai.baseUrl, model: settings.openai.videoModel, configured: Boolean(settings.openai.apiKey), concurrency: settings.concurrency['openai-videos'] },
        { name: 'voice: local', endpoint: '(espeak-ng)', model: 'cmn', configured: true, concurrency: null },
        { name: 'voice: openai', endpoint: settings.openai.baseUrl, model: `${settings.openai.ttsModel} / ${settings.openai.ttsVoice}`, configured: Boolean(settings.openai.apiKey), concurrency: settings.concurrency['openai-speech'] },
      ],
      budgetUsd: settings.productionBudgetUsd,
      videoPrices: [...settings.videoPrices.entries()].map(([key, price]) => `${key} $${price}/s`),
      speechPrices: [...settings.speechPrices.entries()].map(([key, price]) => `${key} $${price}/M chars`),
    };
  } catch (error) {
    return { error: (error as Error).message, providers: [], budgetUsd: null, videoPrices: [], speechPrices: [] };
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireUser(request, 'admin');
  const sql = db();
  const [users, spent] = await Promise.all([listUsers(sql), sql<{ total: string }[]>`select coalesce(sum(cost_usd), 0) as total from productions`]);
  return { me: me.id, users, overview: providerOverview(), spentUsd: Number(spent[0]?.total ?? 0) };
}

type ActionData = { ok: string; errors?: undefined } | { errors: Record<string, string>; userId?: number; ok?: undefined };

export async function action({ request }: ActionFunctionArgs) {
  const me = await requireUser(request, 'admin');
  const form = await readForm(request);
  const sql = db();
  const intent = String(form.get('intent') ?? '');
  const userId = Number(form.get('userId'));
  try {
    if (intent === 'add') {
      const role = String(form.get('role') ?? '');
      if (!isRole(role)) return data<ActionData>({ errors: { role: `role must be one of ${ROLES.join(', ')}` } }, { status: 400 });
      const user = await addUser(sql, { email: String(form.get('email') ?? ''), role, password: String(form.get('password') ?? '') });
      return data<ActionData>({ ok: `added:${user.email}` });
    }
    if (!Number.isInteger(userId) || userId <= 0) return data<ActionData>({ errors: { form: 'which user?' } }, { status: 400 });
    const target = await getUser(sql, userId);
    if (!target) throw new Response('Not Found', { status: 404 });
    const lastAdmin = target.role === 'admin' && !target.disabledAt && (await activeAdminCount(sql)) <= 1;
    if (intent === 'role') {
      const role = String(form.get('role') ?? '');
      if (!isRole(role)) return data<ActionData>({ errors: { role: `role must be one of ${ROLES.join(', ')}` }, userId }, { status: 400 });
      if (lastAdmin && role !== 'admin') return data<ActionData>({ errors: { form: 'lastAdmin' }, userId }, { status: 409 });
      await setRole(sql, userId, role);
    } else if (intent === 'disable' || intent === 'enable') {
      if (intent === 'disable' && (lastAdmin || userId === me.id)) return data<ActionData>({ errors: { form: 'lastAdmin' }, userId }, { status: 409 });
      await setDisabled(sql, userId, intent === 'disable');
    } else if (intent === 'password') {
      await setPassword(sql, userId, String(form.get('password') ?? ''));
    } else {
      return data<ActionData>({ errors: { form: 'unknown action' } }, { status: 400 });
    }
    return data<ActionData>({ ok: 'saved' });
  } catch (error) {
    if (error instanceof UserError) return data<ActionData>({ errors: { [error.field]: error.message }, userId }, { status: error.status });
    throw error;
  }
}

export default function Admin() {
  const { me, users, overview, spentUsd } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state !== 'idle';
  const errors = result?.errors;
  return (
    <main>
      <h1>{t('admin.title')}</h1>
      {result?.ok ? (
        <p className="flash" role="status">
          {result.ok.startsWith('added:') ? t('admin.added', { email: result.ok.slice(6) }) : t('admin.done')}
        </p>
      ) : null}
      {errors?.form || errors?.user ? (
        <p className="flash error" role="alert">
          {errors.form === 'lastAdmin' ? t('admin.lastAdmin') : (errors.form ?? errors.user)}
        </p>
      ) : null}

      <h2>{t('admin.users')}</h2>
      <table className="admin-users" data-testid="users">
        <thead>
          <tr>
            <th>{t('admin.email')}</th>
            <th>{t('admin.role')}</th>
            <th>{t('admin.lastLogin')}</th>
            <th />
            <th>{t('admin.resetPassword')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} data-testid="user-row" data-email={user.email}>
              <td>
                {user.email} {user.id === me ? <span className="muted small">{t('admin.you')}</span> : null}
                {user.disabledAt ? <span className="pill status-cancelled">{t('admin.disabled')}</span> : null}
              </td>
              <td>
                <Form method="post">
                  <CsrfField />
                  <input type="hidden" name="intent" value="role" />
                  <input type="hidden" name="userId" value={user.id} />
                  <select name="role" defaultValue={user.role} aria-label={t('admin.role')}>
                    {ROLES.map((role) => (
                      <option key={role} value={role}>
                        {t(`role.${role}`)}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className="secondary" disabled={busy}>
                    {t('admin.save')}
                  </button>
                </Form>
              </td>
              <td className="small muted">{user.lastLoginAt ? user.lastLoginAt.slice(0, 16).replace('T', ' ') : t('admin.never')}</td>
              <td>
                {user.id === me ? null : (
                  <Form method="post">
                    <CsrfField />
                    <input type="hidden" name="userId" value={user.id} />
                    <button type="submit" name="intent" value={user.disabledAt ? 'enable' : 'disable'} className="secondary" disabled={busy}>
                      {user.disabledAt ? t('admin.enable') : t('admin.disable')}
                    </button>
                  </Form>
                )}
              </td>
              <td>
                <Form method="post">
                  <CsrfField />
                  <input type="hidden" name="intent" value="password" />
                  <input type="hidden" name="userId" value={user.id} />
                  <input type="password" name="password" autoComplete="new-password" minLength={10} maxLength={256} required aria-label={t('admin.newPassword')} placeholder={t('admin.newPassword')} />
                  <button type="submit" className="secondary" disabled={busy}>
                    {t('admin.save')}
                  </button>
                </Form>
                {result?.errors?.password && result.userId === user.id ? <p className="field-error">{result.errors.password}</p> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('admin.addUser')}</h2>
      <Form method="post" className="card form-row" data-testid="add-user">
        <CsrfField />
        <input type="hidden" name="intent" value="add" />
        <div>
          <label htmlFor="new-email">{t('admin.email')}</label>
          <input id="new-email" name="email" type="email" required maxLength={254} />
          {errors?.email && result?.userId === undefined ? <p className="field-error">{errors.email}</p> : null}
        </div>
        <div className="narrow">
          <label htmlFor="new-role">{t('admin.role')}</label>
          <select id="new-role" name="role" defaultValue="curator">
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}`)}
              </option>
            ))}
          </select>
          {errors?.role && result?.userId === undefined ? <p className="field-error">{errors.role}</p> : null}
        </div>
        <div>
          <label htmlFor="new-password">{t('admin.password')}</label>
          <input id="new-password" name="password" type="password" autoComplete="new-password" required minLength={10} maxLength={256} />
          {errors?.password && result?.userId === undefined ? <p className="field-error">{errors.password}</p> : null}
        </div>
        <div className="narrow">
          <button type="submit" className="primary" disabled={busy}>
            {t('admin.add')}
          </button>
        </div>
      </Form>

      <h2>{t('admin.providers')}</h2>
      {overview.error ? <p className="flash error">{overview.error}</p> : null}
      <table className="admin-users" data-testid="providers">
        <thead>
          <tr>
            <th />
            <th>{t('admin.endpoint')}</th>
            <th>{t('admin.model')}</th>
            <th>{t('admin.concurrency')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {overview.providers.map((provider) => (
            <tr key={provider.name}>
              <td>{provider.name}</td>
              <td className="small">{provider.endpoint}</td>
              <td className="small">{provider.model}</td>
              <td className="small">{provider.concurrency ?? '—'}</td>
              <td>{provider.configured ? <span className="pill status-published">{t('admin.configured')}</span> : <span className="pill">{t('admin.notConfigured')}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('admin.budgets')}</h2>
      <dl className="kv">
        <dt>{t('admin.defaultBudget')}</dt>
        <dd>{overview.budgetUsd === null ? '∞' : `$${overview.budgetUsd.toFixed(2)}`}</dd>
        <dt>{t('admin.spent')}</dt>
        <dd>${spentUsd.toFixed(2)}</dd>
        <dt>{t('admin.prices')}</dt>
        <dd className="small">
          {overview.videoPrices.join(' · ')}
          <br />
          {overview.speechPrices.join(' · ')}
        </dd>
      </dl>
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorView />;
}
