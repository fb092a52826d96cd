import { useState } from 'react';
import { api } from '../api.ts';
import { useApp } from '../context.ts';
import { useT } from '../i18n/index.ts';
import { OnceSecret } from './OnceSecret.tsx';
import { useManagedList } from './useManagedList.tsx';

interface ApiKey {
  key_id: string;
  role: 'admin' | 'viewer';
  label: string | null;
  created_at: string;
}

/** The workspace's API keys: list, create (the secret shown once) and revoke. */
export function ApiKeys() {
  const t = useT();
  const { me, formats } = useApp();
  const list = useManagedList<ApiKey>('/keys');
  const [role, setRole] = useState<ApiKey['role']>('viewer');
  const [label, setLabel] = useState('');
  const [created, setCreated] = useState<{ id: string; key: string } | null>(null);

  const create = () =>
    list.act(async () => {
      const made = await api<ApiKey & { key: string }>('/keys', {
        method: 'POST',
        json: { role, ...(label ? { label } : {}) },
      });
      setCreated({ id: made.key_id, key: made.key });
      setLabel('');
    });
  const revoke = (key: ApiKey) => {
    if (!window.confirm(t('settings.keys.revokeConfirm', { id: key.key_id }))) return;
    void list.act(() => api(`/keys/${key.key_id}`, { method: 'DELETE' }));
  };

  return (
    <>
      <p className="hint">{t('settings.keys.hint')}</p>
      {created && (
        <OnceSecret
          label={t('settings.keys.secret', { id: created.id })}
          secret={created.key}
          testId="new-api-key"
        />
      )}
      {list.view(
        (items) => (
          <table data-testid="api-keys">
            <thead>
              <tr>
                <th scope="col">{t('settings.keys.id')}</th>
                <th scope="col">{t('settings.keys.role')}</th>
                <th scope="col">{t('settings.keys.label')}</th>
                <th scope="col">{t('settings.created')}</th>
                <th scope="col">{t('settings.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((k) => (
                <tr key={k.key_id} data-key={k.key_id}>
                  <th scope="row">
                    <code>{k.key_id}</code>
                  </th>
                  <td>{t(`role.${k.role}`)}</td>
                  <td>{k.label ?? ''}</td>
                  <td>{new Date(k.created_at).toLocaleDateString(formats.locale)}</td>
                  <td>
                    {/* The key this session signed in with is not offered: revoking it locks the page out. */}
                    {k.key_id === me.key_id ? null : (
                      <button type="button" onClick={() => revoke(k)}>
                        {t('settings.keys.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ),
        t('settings.keys.none'),
      )}
      <form
        className="settings-row"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <label>
          {t('settings.keys.role')}
          <select
            name="key-role"
            value={role}
            onChange={(e) => setRole(e.target.value as ApiKey['role'])}
          >
            <option value="viewer">{t('role.viewer')}</option>
            <option value="admin">{t('role.admin')}</option>
          </select>
        </label>
        <label>
          {t('settings.keys.label')}
          <input
            name="key-label"
            maxLength={200}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
          />
        </label>
        <button type="submit" disabled={list.busy}>
          {t('settings.keys.create')}
        </button>
      </form>
    </>
  );
}
