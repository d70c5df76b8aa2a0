// Logging in: email and argon2id-checked password, CSRF-checked, rate limited per email and per
// address. A new session (new token) is made on every login and the one the browser came with
// ends, so a planted cookie is useless.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { CsrfField, ErrorView } from '../components/chrome.js';
import { useT } from '../i18n.js';
import { claimLoginAttempt, settleLoginAttempt } from '../login-limits.server.js';
import { db } from '../services.server.js';
import { createSession, csrfToken, destroySession, getUser, homeOf, readForm, safeRedirect } from '../session.server.js';
import { verifyCredentials } from '../users.server.js';

export const meta: MetaFunction = () => [{ title: '登录 Log in | 诗影 Shiying' }, { name: 'robots', content: 'noindex' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = new URL(request.url).searchParams.get('redirectTo');
  const user = await getUser(request);
  if (user) throw redirect(safeRedirect(redirectTo, homeOf(user.role)));
  return { redirectTo: safeRedirect(redirectTo, ''), csrf: await csrfToken(request) };
}

/** A refused (rate-limited) login says when to try again, on document requests too. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After');
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers();
};

type LoginErrors = { form?: 'failed' | 'limited' | 'required'; minutes?: number; email?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const email = String(form.get('email') ?? '').trim().slice(0, 254);
  const password = String(form.get('password') ?? '');
  if (email === '' || password === '') return data<LoginErrors>({ form: 'required', email }, { status: 400 });
  const sql = db();
  const ip = context?.clientIp ?? 'unknown';
  const attempt = await claimLoginAttempt(sql, email, ip);
  if (!attempt.allowed) {
    return data<LoginErrors>(
      { form: 'limited', minutes: Math.ceil(attempt.retryAfterSec / 60), email },
      { status: 429, headers: { 'Retry-After': String(attempt.retryAfterSec) } },
    );
  }
  const user = await verifyCredentials(sql, email, password);
  await settleLoginAttempt(sql, attempt.attemptId, user !== null);
  if (!user) return data<LoginErrors>({ form: 'failed', email }, { status: 401 });
  // A session this browser already had (another account's, or one planted in it) ends here.
  await destroySession(request);
  const cookie = await createSession(user.id, { ip, userAgent: request.headers.get('User-Agent') ?? '' });
  return redirect(safeRedirect(form.get('redirectTo'), homeOf(user.role)), { headers: { 'Set-Cookie': cookie } });
}

export default function Login() {
  const { redirectTo, csrf } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const message =
    result?.form === 'limited'
      ? t('login.limited', { minutes: result.minutes ?? 15 })
      : result?.form === 'required'
        ? t('login.required')
        : result?.form === 'failed'
          ? t('login.failed')
          : undefined;
  return (
    <main className="login">
      <h1>{t('login.title')}</h1>
      <p className="muted small">{t('login.staffOnly')}</p>
      {message ? (
        <p className="flash error" role="alert" data-testid="login-error">
          {message}
        </p>
      ) : null}
      <Form method="post" replace>
        <CsrfField token={csrf} />
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <div>
          <label htmlFor="email">{t('login.email')}</label>
          <input id="email" name="email" type="email" autoComplete="username" required defaultValue={result?.email ?? ''} maxLength={254} />
        </div>
        <div>
          <label htmlFor="password">{t('login.password')}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required maxLength={256} />
        </div>
        <button type="submit" className="primary" disabled={navigation.state === 'submitting'}>
          {t('login.submit')}
        </button>
      </Form>
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorView />;
}
