import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLocation, useMatches, useRevalidator } from '@remix-run/react';
import { CsrfField, ErrorView, type RouteHandle } from './components/chrome.js';
import type { ReactNode } from 'react';
import { csrfToken, getUser } from './session.server.js';
import { preferencesOf } from './i18n.server.js';
import { useRootData, useT, type Lang, type RootData, type Script } from './i18n.js';
import { useNonce } from './nonce.js';
import styles from './styles.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export const meta: MetaFunction = () => [{ title: '诗影 Shiying' }, { name: 'description', content: 'Classical Chinese poems as short narrated films' }];

export async function loader({ request }: LoaderFunctionArgs): Promise<RootData> {
  // Only signed-in pages carry forms (the login page makes its own token), so anonymous pages are
  // the same for every visitor — which lets the server cache the gallery's front page.
  const user = await getUser(request);
  return { user: user ? { email: user.email, role: user.role } : null, csrf: user ? await csrfToken(request) : '', preferences: preferencesOf(request) };
}

function htmlLang(lang: Lang, script: Script): string {
  return lang === 'en' ? 'en' : script === 'hant' ? 'zh-Hant' : 'zh-Hans';
}

export function Layout({ children }: { children: ReactNode }) {
  const { preferences } = useRootData();
  const nonce = useNonce();
  return (
    <html lang={htmlLang(preferences.lang, preferences.script)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#f4efe4" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** Sets a preference cookie for a year and reloads the data in the new language or script. */
function usePreference() {
  const revalidator = useRevalidator();
  return (name: 'shiying_lang' | 'shiying_script', value: string) => {
    document.cookie = `${name}=${value}; Path=/; Max-Age=31536000; SameSite=Lax`;
    revalidator.revalidate();
  };
}

export function PreferenceToggles() {
  const { preferences } = useRootData();
  const t = useT();
  const setPreference = usePreference();
  const location = useLocation();
  const withParam = (name: string, value: string) => {
    const params = new URLSearchParams(location.search);
    params.set(name, value);
    return `${location.pathname}?${params}`;
  };
  const nextLang = preferences.lang === 'en' ? 'zh' : 'en';
  const nextScript = preferences.script === 'hant' ? 'hans' : 'hant';
  return (
    <div className="toggles">
      <a
        href={withParam('script', nextScript)}
        className="toggle"
        data-testid="script-toggle"
        title={t('toggle.script.label')}
        aria-label={t('toggle.script.label')}
        onClick={(event) => {
          event.preventDefault();
          setPreference('shiying_script', nextScript);
        }}
      >
        {preferences.script === 'hant' ? t('toggle.script.toHans') : t('toggle.script.toHant')}
      </a>
      <a
        href={withParam('lang', nextLang)}
        className="toggle"
        data-testid="lang-toggle"
        lang={nextLang === 'en' ? 'en' : 'zh'}
        onClick={(event) => {
          event.preventDefault();
          setPreference('shiying_lang', nextLang);
        }}
      >
        {t('toggle.lang')}
      </a>
    </div>
  );
}

function SiteHeader({ immersive }: { immersive: boolean }) {
  const { user } = useRootData();
  const t = useT();
  const can = (role: 'curator' | 'reviewer' | 'admin') => user !== null && (user.role === role || user.role === 'admin');
  return (
    <header className={immersive ? 'site-header immersive' : 'site-header'}>
      <a href="#main" className="skip">
        {t('nav.skip')}
      </a>
      <Link to="/" className="brand" aria-label={t('site.name')}>
        诗影
      </Link>
      <nav aria-label="main">
        <NavLink to="/" end>
          {t('nav.gallery')}
        </NavLink>
        <NavLink to="/search">{t('nav.search')}</NavLink>
        {can('curator') ? <NavLink to="/curate" end>{t('nav.curate')}</NavLink> : null}
        {can('curator') ? <NavLink to="/curate/productions">{t('nav.productions')}</NavLink> : null}
        {can('reviewer') ? <NavLink to="/review">{t('nav.review')}</NavLink> : null}
        {can('admin') ? <NavLink to="/admin">{t('nav.admin')}</NavLink> : null}
      </nav>
      <div className="header-end">
        <PreferenceToggles />
        {user ? (
          <Form method="post" action="/logout" className="logout">
            <CsrfField />
            <span className="who" title={user.email}>
              {user.email} · {t(`role.${user.role}`)}
            </span>
            <button type="submit" className="link-button">
              {t('nav.logout')}
            </button>
          </Form>
        ) : immersive ? null : (
          <Link to="/login" className="login-link">
            {t('nav.login')}
          </Link>
        )}
      </div>
    </header>
  );
}

export default function App() {
  const matches = useMatches();
  const immersive = matches.some((match) => (match.handle as RouteHandle | undefined)?.immersive);
  return (
    <>
      <SiteHeader immersive={immersive} />
      <div id="main" className={immersive ? 'immersive-main' : 'page'}>
        <Outlet />
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return (
    <>
      <SiteHeader immersive={false} />
      <div id="main" className="page">
        <ErrorView />
      </div>
    </>
  );
}
