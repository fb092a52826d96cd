import { useApp } from '../context.ts';
import { useT } from '../i18n/index.ts';
import { AlertRules } from '../components/AlertRules.tsx';
import { ApiKeys } from '../components/ApiKeys.tsx';
import { Webhooks } from '../components/Webhooks.tsx';
import { WorkspaceSettingsForm } from '../components/WorkspaceSettingsForm.tsx';

/** Everything the CLI sets about a workspace, in the page: settings, keys, alerts, webhooks. */
export function Settings() {
  const t = useT();
  const { me } = useApp();
  return (
    <>
      <h1 data-testid="settings-title">{t('settings.title')}</h1>
      {me.role !== 'admin' ? (
        <p className="notice">{t('settings.adminOnly')}</p>
      ) : (
        <>
          <section className="panel" aria-labelledby="settings-workspace">
            <h2 id="settings-workspace">{t('settings.workspace')}</h2>
            <WorkspaceSettingsForm />
          </section>
          <section className="panel" aria-labelledby="settings-keys">
            <h2 id="settings-keys">{t('settings.keys.title')}</h2>
            <ApiKeys />
          </section>
          <section className="panel" aria-labelledby="settings-alerts">
            <h2 id="settings-alerts">{t('settings.alerts.title')}</h2>
            <AlertRules />
          </section>
          <section className="panel" aria-labelledby="settings-webhooks">
            <h2 id="settings-webhooks">{t('settings.webhooks.title')}</h2>
            <Webhooks />
          </section>
        </>
      )}
    </>
  );
}
