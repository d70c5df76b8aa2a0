// Live pages: while something is in progress, reload the page's data every few seconds (only
// when the tab is visible and nothing else is loading), so nobody has to press reload.
import { useRevalidator } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { useT } from '../i18n.js';

export function useLivePolling(enabled: boolean, intervalMs = 2000) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible' && revalidator.state === 'idle') revalidator.revalidate();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [enabled, intervalMs, revalidator]);
}

/**
 * True for a while after a decision was accepted (the workflow acts on it a moment later), until
 * `state` (status, version …) changes or `forMs` passes: keep the page live meanwhile.
 */
export function useSettling(accepted: unknown, state: string, forMs = 120_000): boolean {
  const [since, setSince] = useState<{ at: number; state: string } | null>(null);
  useEffect(() => {
    // Only a new accepted result starts the wait (not a change of state).
    if (accepted) setSince({ at: Date.now(), state });
  }, [accepted]);
  useEffect(() => {
    if (!since) return;
    if (state !== since.state) return setSince(null);
    const timer = setTimeout(() => setSince(null), Math.max(0, since.at + forMs - Date.now()));
    return () => clearTimeout(timer);
  }, [since, state, forMs]);
  return since !== null;
}

export function LiveBadge({ on }: { on: boolean }) {
  const t = useT();
  return on ? (
    <span className="live" data-testid="live">
      {t('productions.live')}
    </span>
  ) : null;
}

export function StatusPill({ status, kind = 'status' }: { status: string; kind?: 'status' | 'shotStatus' }) {
  const t = useT();
  const key = `${kind}.${status}` as Parameters<typeof t>[0];
  let label: string;
  try {
    label = t(key);
  } catch {
    label = status;
  }
  return (
    <span className={`pill status-${status}`} data-status={status}>
      {label ?? status}
    </span>
  );
}
