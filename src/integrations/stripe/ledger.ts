import { readFile, rename, writeFile } from 'node:fs/promises';

/**
 * What webhook handling remembers between deliveries: which events were applied (Stripe
 * delivers at least once, so the same event can arrive twice) and, per object, the
 * `created` time of the newest event applied (Stripe does not deliver in order, so an
 * older snapshot of an object must not overwrite a newer one).
 */
export interface EventLedger {
  has(workspaceId: string, eventId: string): Promise<boolean>;
  /** `created` (Unix seconds) of the newest event applied for the object, or null. */
  objectVersion(workspaceId: string, objectId: string): Promise<number | null>;
  record(
    workspaceId: string,
    eventId: string,
    objectId: string | null,
    created: number,
  ): Promise<void>;
}

/** Stripe retries a delivery for up to three days; ids older than this are forgotten. */
export const EVENT_ID_RETENTION_SECONDS = 30 * 86_400;

interface WorkspaceLedger {
  /** event id → created */
  events: Record<string, number>;
  /** object id → created of the newest applied event */
  objects: Record<string, number>;
}

function recordInto(
  ledger: WorkspaceLedger,
  eventId: string,
  objectId: string | null,
  created: number,
): void {
  ledger.events[eventId] = created;
  if (objectId !== null)
    ledger.objects[objectId] = Math.max(ledger.objects[objectId] ?? created, created);
  const horizon = created - EVENT_ID_RETENTION_SECONDS;
  for (const [id, at] of Object.entries(ledger.events)) if (at < horizon) delete ledger.events[id];
}

export class MemoryEventLedger implements EventLedger {
  private readonly workspaces = new Map<string, WorkspaceLedger>();

  private of(workspaceId: string): WorkspaceLedger {
    let ledger = this.workspaces.get(workspaceId);
    if (ledger === undefined)
      this.workspaces.set(workspaceId, (ledger = { events: {}, objects: {} }));
    return ledger;
  }

  async has(workspaceId: string, eventId: string): Promise<boolean> {
    return eventId in this.of(workspaceId).events;
  }

  async objectVersion(workspaceId: string, objectId: string): Promise<number | null> {
    return this.of(workspaceId).objects[objectId] ?? null;
  }

  async record(
    workspaceId: string,
    eventId: string,
    objectId: string | null,
    created: number,
  ): Promise<void> {
    recordInto(this.of(workspaceId), eventId, objectId, created);
  }
}

/**
 * The ledger in a JSON file (e.g. `<db>.stripe-events.json`), every workspace in one file.
 * Writes go through a temporary file and a rename, one at a time within the process.
 */
export class FileEventLedger implements EventLedger {
  private data: Record<string, WorkspaceLedger> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  private async load(): Promise<Record<string, WorkspaceLedger>> {
    if (this.data !== null) return this.data;
    try {
      this.data = JSON.parse(await readFile(this.path, 'utf8')) as Record<string, WorkspaceLedger>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.data = {};
    }
    return this.data;
  }

  private async of(workspaceId: string): Promise<WorkspaceLedger> {
    const data = await this.load();
    return (data[workspaceId] ??= { events: {}, objects: {} });
  }

  async has(workspaceId: string, eventId: string): Promise<boolean> {
    return eventId in (await this.of(workspaceId)).events;
  }

  async objectVersion(workspaceId: string, objectId: string): Promise<number | null> {
    return (await this.of(workspaceId)).objects[objectId] ?? null;
  }

  async record(
    workspaceId: string,
    eventId: string,
    objectId: string | null,
    created: number,
  ): Promise<void> {
    recordInto(await this.of(workspaceId), eventId, objectId, created);
    const text = JSON.stringify(this.data);
    this.writing = this.writing.then(async () => {
      const temporary = `${this.path}.${process.pid}.tmp`;
      await writeFile(temporary, text);
      await rename(temporary, this.path);
    });
    await this.writing;
  }
}
