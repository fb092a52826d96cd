/** Loading and error states, announced to screen readers. */
export function Status({ error, loading }: { error: Error | null; loading: boolean }) {
  if (error)
    return (
      <p className="error" role="alert">
        {error.message}
      </p>
    );
  return (
    <p className="loading" role="status">
      {loading ? 'Loading…' : 'Nothing to show.'}
    </p>
  );
}
