import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, session } from '../api.ts';
import { rich, translate, type MessageKey } from '../i18n/index.ts';

interface Status {
  password_set: boolean;
  setup_open: boolean;
  workspace: string;
}

function setupCodeFromHash(): string | null {
  const match = /setup=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  return match ? match[1]! : null;
}

/** Why signing in failed, in the user's language (the server's own words for the rest). */
function signInError(err: unknown, usingKey: boolean, t: (key: MessageKey) => string): string {
  if (!(err instanceof ApiError)) return t('signin.unreachable');
  if (err.code === 'unauthorized') return t(usingKey ? 'signin.badKey' : 'signin.badPassword');
  if (err.code === 'rate_limited') return t('signin.rateLimited');
  return err.message;
}

/** Sign in with an API key or the local admin password; first run: choose the password. */
export function SignIn({ onSignedIn, locale }: { onSignedIn: () => void; locale: string }) {
  const t = (key: MessageKey) => translate(locale, key);
  const [status, setStatus] = useState<Status | null>(null);
  const [statusFailed, setStatusFailed] = useState(false);
  // null until the user picks: then the server's hint (password set?) may not override it.
  const [chosenMode, setChosenMode] = useState<'key' | 'password' | null>(null);
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const setupCode = setupCodeFromHash();

  useEffect(() => {
    api<Status>('/auth/status').then(
      (s) => setStatus(s),
      () => setStatusFailed(true),
    );
  }, []);

  const settingUp = setupCode !== null && status !== null && !status.password_set;
  const mode = chosenMode ?? (status?.password_set ? 'password' : 'key');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'key' && !settingUp) {
        await api('/me', { token: secret.trim() });
        session.set(secret.trim());
      } else {
        const { token } = await api<{ token: string }>(
          settingUp ? '/auth/setup' : '/auth/sessions',
          {
            method: 'POST',
            json: settingUp ? { setup_code: setupCode, password: secret } : { password: secret },
          },
        );
        session.set(token);
        if (settingUp) window.history.replaceState(null, '', window.location.pathname);
      }
      onSignedIn();
    } catch (err) {
      setError(signInError(err, mode === 'key' && !settingUp, t));
    } finally {
      setBusy(false);
    }
  };

  const usingKey = mode === 'key' && !settingUp;
  // The default mode depends on the server's answer: wait for it, so a choice made in the
  // meantime cannot be overridden (an unreachable server still gets the form, key mode).
  if (status === null && !statusFailed)
    return (
      <main className="signin" id="main">
        <h1>★ Northstar</h1>
        <p aria-live="polite">{t('signin.connecting')}</p>
      </main>
    );
  return (
    <main className="signin" id="main">
      <h1>★ Northstar</h1>
      <form onSubmit={(e) => void submit(e)} aria-describedby={error ? 'signin-error' : undefined}>
        <h2>{settingUp ? t('signin.setupTitle') : t('signin.title')}</h2>
        {!settingUp && (
          <div role="radiogroup" aria-label={t('signin.with')} className="segmented">
            {(['key', 'password'] as const).map((m) => (
              <label key={m}>
                <input
                  type="radio"
                  name="mode"
                  value={m}
                  checked={mode === m}
                  onChange={() => setChosenMode(m)}
                />
                {m === 'key' ? t('signin.mode.key') : t('signin.mode.password')}
              </label>
            ))}
          </div>
        )}
        <label>
          {usingKey
            ? t('signin.mode.key')
            : settingUp
              ? t('signin.newPassword')
              : t('signin.password')}
          <input
            name={usingKey ? 'api-key' : 'password'}
            type="password"
            autoComplete={usingKey ? 'off' : settingUp ? 'new-password' : 'current-password'}
            value={secret}
            minLength={settingUp ? 10 : 1}
            required
            autoFocus
            onChange={(e) => setSecret(e.target.value)}
          />
        </label>
        {usingKey && (
          <p className="hint">
            {rich(t('signin.keyHint'), {
              command: <code key="command">northstar keys create --role viewer</code>,
            })}
          </p>
        )}
        {!usingKey && !settingUp && status && !status.password_set && (
          <p className="hint">
            {rich(t('signin.noPassword'), { command: <code key="command">northstar serve</code> })}
          </p>
        )}
        {error && (
          <p className="error" role="alert" id="signin-error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {settingUp ? t('signin.setupSubmit') : t('signin.submit')}
        </button>
      </form>
    </main>
  );
}
