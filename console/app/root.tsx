import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError } from '@remix-run/react';
import type { ReactNode } from 'react';

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="zh-Hans">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body style={{ margin: 0, fontFamily: '"LXGW WenKai", "AR PL UKai CN", "Noto Serif CJK SC", serif', background: '#f4efe4', color: '#222' }}>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const title = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : '出错了 Something went wrong';
  return (
    <main style={{ padding: '2rem' }}>
      <h1>{title}</h1>
      {isRouteErrorResponse(error) && typeof error.data === 'string' ? <p>{error.data}</p> : null}
    </main>
  );
}
