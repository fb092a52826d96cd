import { useState } from 'react';
import { api } from '../api.ts';
import { useApp } from '../context.ts';
import { useT } from '../i18n/index.ts';
import { WEBHOOK_EVENTS } from '../../../src/integrations/outgoing/types.ts';
import { OnceSecret } from './OnceSecret.tsx';
import { useManagedList } from './useManagedList.tsx';

interface Subscription {
  id: string;
  url: string;
  events: string[];
  secret: string;
  description: string | null;
  created_at: string;
}

interface TestResult {
  ok: boolean;
  status_code: number | null;
  error: string | null;
}

/** Outgoing webhooks: list, add (the signing secret shown once), send a test, delete. */
export function Webhooks() {
  const t = useT();
  const { formats } = useApp();
  const list = useManagedList<Subscription>('/webhooks');
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([...WEBHOOK_EVENTS]);
  const [description, setDescription] = useState('');
  const [created, setCreated] = useState<Subscription | null>(null);
  const [tested, setTested] = useState<{ url: string; result: TestResult } | null>(null);

  const add = () =>
    list.act(async () => {
      const made = await api<Subscription>('/webhooks', {
        method: 'POST',
        json: { url, events, ...(description ? { description } : {}) },
      });
      setCreated(made);
      setUrl('');
      setDescription('');
    });
  const test = (s: Subscription) =>
    list.act(async () => {
      const result = await api<TestResult>(`/webhooks/${s.id}/test`, { method: 'POST' });
      setTested({ url: s.url, result });
    });
  const remove = (s: Subscription) => {
    if (!window.confirm(t('settings.webhooks.deleteConfirm', { url: s.url }))) return;
    void list.act(() => api(`/webhooks/${s.id}`, { method: 'DELETE' }));
  };
  const toggle = (event: string, on: boolean) =>
    setEvents(on ? [...events, event] : events.filter((e) => e !== event));

  return (
    <>
      <p className="hint">{t('settings.webhooks.hint')}</p>
      {created && (
        <OnceSecret
          label={t('settings.webhooks.secret', { url: created.url })}
          secret={created.secret}
          testId="new-webhook-secret"
        />
      )}
      <div aria-live="polite">
        {tested && (
          <p className={tested.result.ok ? 'success' : 'error'} data-testid="webhook-test-result">
            {tested.result.ok
              ? t('settings.webhooks.testOk', {
                  url: tested.url,
                  status: tested.result.status_code ?? '',
                })
              : t('settings.webhooks.testFailed', {
                  url: tested.url,
                  error: tested.result.error ?? '',
                })}
          </p>
        )}
      </div>
      {list.view(
        (items) => (
          <table data-testid="webhooks">
            <thead>
              <tr>
                <th scope="col">{t('settings.webhooks.url')}</th>
                <th scope="col">{t('settings.webhooks.events')}</th>
                <th scope="col">{t('settings.description')}</th>
                <th scope="col">{t('settings.created')}</th>
                <th scope="col">{t('settings.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id} data-webhook={s.id}>
                  <th scope="row" className="url">
                    {s.url}
                  </th>
                  <td>{s.events.join(', ')}</td>
                  <td>{s.description ?? ''}</td>
                  <td>{new Date(s.created_at).toLocaleDateString(formats.locale)}</td>
                  <td className="actions">
                    <button type="button" disabled={list.busy} onClick={() => void test(s)}>
                      {t('settings.webhooks.test')}
                    </button>
                    <button type="button" onClick={() => remove(s)}>
                      {t('settings.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ),
        t('settings.webhooks.none'),
      )}
      <form
        className="settings-row"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label>
          {t('settings.webhooks.url')}
          <input
            name="webhook-url"
            type="url"
            required
            placeholder="https://"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </label>
        <fieldset>
          <legend>{t('settings.webhooks.events')}</legend>
          {WEBHOOK_EVENTS.map((event) => (
            <label key={event} className="inline">
              <input
                type="checkbox"
                checked={events.includes(event)}
                onChange={(e) => toggle(event, e.target.checked)}
              />
              <code>{event}</code>
            </label>
          ))}
        </fieldset>
        <label>
          {t('settings.description')}
          <input
            name="webhook-description"
            maxLength={200}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
        <button type="submit" disabled={list.busy || events.length === 0}>
          {t('settings.webhooks.create')}
        </button>
      </form>
    </>
  );
}
