import { useT } from '../i18n/index.ts';

/** A secret the server shows only once (a new API key, a webhook's signing secret). */
export function OnceSecret({
  label,
  secret,
  testId,
}: {
  label: string;
  secret: string;
  testId: string;
}) {
  const t = useT();
  return (
    <div className="notice" role="status">
      <p>{label}</p>
      <p>
        <code className="secret" data-testid={testId}>
          {secret}
        </code>
      </p>
      <p className="hint">{t('settings.copyOnce')}</p>
    </div>
  );
}
