// POST /logout ends the session (CSRF-checked, so another site cannot log you out).
import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { ErrorView } from '../components/chrome.js';
import { destroySession, readForm } from '../session.server.js';

export async function loader() {
  return redirect('/');
}

export async function action({ request }: ActionFunctionArgs) {
  await readForm(request);
  return redirect('/', { headers: { 'Set-Cookie': await destroySession(request) } });
}

export function ErrorBoundary() {
  return <ErrorView />;
}
