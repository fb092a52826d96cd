import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { api } from '../api.ts';
import { Status } from './Status.tsx';

export interface ManagedList<T> {
  readonly busy: boolean;
  /** Runs a change (create, delete), then reads the list again; its error is shown. */
  act(change: () => Promise<unknown>): Promise<void>;
  /** The list drawn by `render`, or the loading state, the error, or `empty`. */
  view(render: (items: T[]) => ReactNode, empty: string): ReactNode;
}

/** A list the settings page manages: `GET path` → `{ items }`, read again after each change. */
export function useManagedList<T>(path: string): ManagedList<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(
    () =>
      api<{ items: T[] }>(path).then(
        (body) => {
          setItems(body.items);
          setError(null);
        },
        (e: Error) => setError(e),
      ),
    [path],
  );
  useEffect(() => {
    void load();
  }, [load]);

  return {
    busy,
    async act(change) {
      setBusy(true);
      try {
        await change();
        setError(null);
      } catch (e) {
        setError(e instanceof Error ? e : new Error(String(e)));
      } finally {
        setBusy(false);
      }
      await load();
    },
    view(render, empty) {
      return (
        <>
          {error && (
            <p className="error" role="alert">
              {error.message}
            </p>
          )}
          {items === null ? (
            error ? null : (
              <Status error={null} loading />
            )
          ) : items.length === 0 ? (
            <p className="hint">{empty}</p>
          ) : (
            <div className="table-wrap">{render(items)}</div>
          )}
        </>
      );
    },
  };
}
