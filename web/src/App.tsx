import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, language, session, type Me } from './api.ts';
import { AppContext, INTERVALS, type Filters } from './context.ts';
import { navigate, setSearchParams, usePath, useSearch } from './hooks.ts';
import { LOCALES } from './format.ts';
import { translate, type MessageKey } from './i18n/index.ts';
import { SignIn } from './pages/SignIn.tsx';
import { Overview } from './pages/Overview.tsx';
import { MetricPage } from './pages/MetricPage.tsx';
import { MetricsIndex } from './pages/MetricsIndex.tsx';
import { Customers } from './pages/Customers.tsx';
import { Contributors } from './pages/Contributors.tsx';
import { CustomerPage } from './pages/CustomerPage.tsx';
import { Cohorts } from './pages/Cohorts.tsx';
import { Import } from './pages/Import.tsx';
import { Goals } from './pages/Goals.tsx';
import { Forecast } from './pages/Forecast.tsx';
import { Settings } from './pages/Settings.tsx';
import { Movements } from './pages/Movements.tsx';
import { Link } from './components/Link.tsx';
import { FilterBar } from './components/FilterBar.tsx';

const LOCALE_KEY = 'northstar.locale';

function initialLocale(): string {
  const saved = localStorage.getItem(LOCALE_KEY);
  if (saved) return saved;
  return navigator.language || 'en-US';
}

const MONTH = /^\d{4}-\d{2}$/;

/** The filters in the query string (a hand-edited URL falls back to the defaults). */
function filtersOf(search: string): Filters {
  const params = new URLSearchParams(search);
  const month = (key: string) => {
    const value = params.get(key) ?? '';
    return MONTH.test(value) ? value : '';
  };
  const interval = params.get('interval') as Filters['interval'] | null;
  return {
    from: month('from'),
    to: month('to'),
    interval: interval && INTERVALS.includes(interval) ? interval : 'month',
    segment: params.get('segment') ?? '',
  };
}

function setFilters(f: Filters): void {
  setSearchParams({
    from: f.from,
    to: f.to,
    interval: f.interval === 'month' ? '' : f.interval,
    segment: f.segment,
  });
}

function Page({ path }: { path: string }) {
  const drill = /^\/metrics\/([a-z0-9_]+)\/contributors\/(.+)$/.exec(path);
  if (drill) return <Contributors metric={drill[1]!} period={decodeURIComponent(drill[2]!)} />;
  const metric = /^\/metrics\/([a-z0-9_]+)$/.exec(path);
  if (metric) return <MetricPage id={metric[1]!} />;
  const customer = /^\/customers\/(.+)$/.exec(path);
  if (customer) return <CustomerPage id={decodeURIComponent(customer[1]!)} />;
  switch (path) {
    case '/metrics':
      return <MetricsIndex />;
    case '/customers':
      return <Customers />;
    case '/cohorts':
      return <Cohorts />;
    case '/movements':
      return <Movements />;
    case '/import':
      return <Import />;
    case '/goals':
      return <Goals />;
    case '/forecast':
      return <Forecast />;
    case '/settings':
      return <Settings />;
    default:
      return <Overview />;
  }
}

const NAV: readonly (readonly [string, MessageKey])[] = [
  ['/', 'nav.overview'],
  ['/metrics', 'nav.metrics'],
  ['/movements', 'nav.movements'],
  ['/cohorts', 'nav.cohorts'],
  ['/customers', 'nav.customers'],
  ['/goals', 'nav.goals'],
  ['/forecast', 'nav.forecast'],
  ['/import', 'nav.import'],
  ['/settings', 'nav.settings'],
];

/** Pages that change data or settings: shown to admins only. */
const ADMIN_PAGES: ReadonlySet<string> = new Set(['/import', '/settings']);

export function App() {
  const path = usePath();
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(session.token !== null);
  const [locale, setLocale] = useState(initialLocale);
  // Every request from here on asks the server for texts in this language (see api.ts).
  language.locale = locale;
  const search = useSearch();
  const filters = useMemo(() => filtersOf(search), [search]);

  const loadMe = useCallback(() => {
    if (!session.token) return setChecking(false);
    setChecking(true);
    api<Me>('/me')
      .then(setMe, () => session.clear())
      .finally(() => setChecking(false));
  }, []);
  // After a settings change: the page stays up while `/me` is read again.
  const reloadMe = useCallback(() => {
    api<Me>('/me').then(setMe, () => undefined);
  }, []);
  useEffect(loadMe, [loadMe]);

  // After an in-app navigation, focus moves to the page (as a full page load would start
  // there): a keyboard or screen-reader user continues in the new content, not the nav.
  const mainRef = useRef<HTMLElement>(null);
  const shownPath = useRef(path);
  useEffect(() => {
    if (shownPath.current === path) return;
    shownPath.current = path;
    mainRef.current?.focus({ preventScroll: true });
  }, [path]);

  const chooseLocale = (value: string) => {
    localStorage.setItem(LOCALE_KEY, value);
    setLocale(value);
  };
  const state = useMemo(
    () =>
      me
        ? { me, formats: { locale, currency: me.settings.currency }, filters, setFilters, reloadMe }
        : null,
    [me, locale, filters, reloadMe],
  );

  const t = (key: MessageKey) => translate(locale, key);
  if (checking) return <p className="loading">{t('app.loading')}</p>;
  if (!state) return <SignIn onSignedIn={loadMe} locale={locale} />;

  const signOut = async () => {
    await api('/auth/sessions/current', { method: 'DELETE' }).catch(() => undefined);
    session.clear();
    setMe(null);
    navigate('/');
  };
  const current = (href: string) =>
    href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);

  return (
    <AppContext.Provider value={state}>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <span className="brand">★ Northstar</span>
        <nav aria-label={t('nav.main')}>
          {NAV.filter(([href]) => !ADMIN_PAGES.has(href) || state.me.role === 'admin').map(
            ([href, label]) => (
              <Link key={href} href={href} aria-current={current(href) ? 'page' : undefined}>
                {t(label)}
              </Link>
            ),
          )}
        </nav>
        <div className="tools">
          <label>
            <span className="sr-only">{t('app.language')}</span>
            <select value={locale} onChange={(e) => chooseLocale(e.target.value)}>
              {LOCALES.some(([l]) => l === locale) ? null : (
                <option value={locale}>{locale}</option>
              )}
              {LOCALES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <span className="who">
            {state.me.workspace} · {t(`role.${state.me.role}`)}
          </span>
          <button type="button" onClick={() => void signOut()}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <FilterBar />
      <main id="main" tabIndex={-1} ref={mainRef}>
        <Page path={path} />
      </main>
    </AppContext.Provider>
  );
}
