import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDay, MS_PER_DAY } from '../../model/day.ts';
import type { FunnelRow, ImportKind, RowOfKind } from '../../model/kinds.ts';
import { toIsoText, detectOrder } from './dates.ts';
import {
  findPreset,
  parseExportBuffer,
  parseExportFile,
  parseMappedFile,
  type MappedImport,
} from './index.ts';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/integrations');
const fixture = (name: string): string => join(FIXTURES, name);
const options = { timeZone: 'UTC' };

async function run(
  preset: string,
  file: string,
  extra: { question?: string; dateFormat?: string } = {},
): Promise<MappedImport> {
  return parseExportFile(findPreset(preset)!, fixture(file), { ...options, ...extra });
}
function rowsOf<K extends ImportKind>(result: MappedImport, kind: K): RowOfKind[K][] {
  expect(result.issues).toEqual([]);
  return (result.batches.find((b) => b.kind === kind)?.rows ?? []) as RowOfKind[K][];
}
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 16);
const stages = (rows: FunnelRow[]) =>
  rows.map((r) => [r.id, r.stage, iso(r.occurred_at), r.channel, r.value, r.customer_id]);

describe('dates in exports', () => {
  it('reads ISO, US and day-first dates, with times and meridiems', () => {
    expect(toIsoText('2024-03-05 14:22', 'MDY')).toBe('2024-03-05T14:22');
    expect(toIsoText('3/5/2024', 'MDY')).toBe('2024-03-05');
    expect(toIsoText('05/03/2024 14:22:11', 'DMY')).toBe('2024-03-05T14:22:11');
    expect(toIsoText('3/5/2024 2:05 PM', 'MDY')).toBe('2024-03-05T14:05:00');
    expect(toIsoText('2024-03-05 14:22:11', 'MDY', true)).toBe('2024-03-05T14:22:11Z');
    expect(toIsoText('5/13/2024', 'DMY')).toEqual({ error: expect.stringMatching(/month 13/) });
    expect(detectOrder(['05/03/2024', '13/03/2024'])).toBe('DMY');
    expect(detectOrder(['3/5/2024', '3/15/2024'])).toBe('MDY');
  });
});

describe('HubSpot', () => {
  it('maps contacts to funnel stages with the Original Source channel, and customers', async () => {
    const result = await run('hubspot-contacts', 'hubspot-contacts.csv');
    expect(stages(rowsOf(result, 'funnel'))).toEqual([
      ['51', 'lead', '2024-01-08T09:14', 'organic_search', null, null],
      ['51', 'opportunity', '2024-01-22T11:03', 'organic_search', null, null],
      ['51', 'customer', '2024-02-14T17:30', 'organic_search', null, '51'],
      ['101', 'lead', '2024-02-11T13:02', 'paid_search', null, null],
      ['151', 'lead', '2024-02-19T08:47', 'referrals', null, null],
      ['151', 'opportunity', '2024-03-01T10:12', 'referrals', null, null],
      ['201', 'lead', '2024-03-03T02:15', 'direct_traffic', null, null], // no lead date: created
      ['201', 'opportunity', '2024-03-20T05:44', 'direct_traffic', null, null],
      ['201', 'customer', '2024-04-09T23:59', 'direct_traffic', null, '201'],
      ['251', 'lead', '2024-03-15T19:20', 'social_media', null, null],
    ]);
    const customers = rowsOf(result, 'customers');
    expect(
      customers.map((c) => [c.customer_id, c.name, c.country, c.channel, formatDay(c.created_at!)]),
    ).toEqual([
      ['51', 'Brightpath', 'United States', 'organic_search', '2024-01-08'],
      ['201', 'Sakura Soft', 'Japan', 'direct_traffic', '2024-03-03'],
    ]);
  });

  it('maps deals to opportunity at creation and customer when closed won', async () => {
    const rows = rowsOf(await run('hubspot-deals', 'hubspot-deals.csv'), 'funnel');
    expect(stages(rows)).toEqual([
      ['9912345001', 'opportunity', '2024-01-22T11:03', 'organic_search', 12000, '3301'],
      ['9912345001', 'customer', '2024-02-14T17:30', 'organic_search', 12000, '3301'],
      ['9912345002', 'opportunity', '2024-03-01T10:12', 'referrals', 4800, '3302'],
      ['9912345003', 'opportunity', '2024-03-20T05:44', 'direct_traffic', 36000, '3303'],
      ['9912345003', 'customer', '2024-04-09T23:59', 'direct_traffic', 36000, '3303'],
      ['9912345004', 'opportunity', '2024-03-16T09:00', 'social_media', 1200, '3305'],
    ]);
  });

  it('reports every bad row with file, row, column and reason, and yields nothing', async () => {
    const result = await run('hubspot-deals', 'hubspot-deals-bad.csv');
    expect(result.batches).toEqual([]);
    expect(result.issues.map((i) => [i.row, i.column, i.reason])).toEqual([
      [3, 'occurred_at', 'deal 9912345002 is closed won but has no close date'],
      [4, 'occurred_at', 'impossible date or time "2024-13-45T05:44" (from column "Create Date")'],
      [4, 'value', '"lots" is not a number (from column "Amount")'],
    ]);
    expect(result.issues.every((i) => i.file.endsWith('hubspot-deals-bad.csv'))).toBe(true);
  });

  it('names the columns a file lacks', async () => {
    const data = new TextEncoder().encode('Deal Name,Amount\nX,1\n');
    const result = await parseExportBuffer(
      findPreset('hubspot-deals')!,
      'deals.csv',
      data,
      options,
    );
    expect(result.issues.map((i) => i.reason)).toEqual([
      expect.stringMatching(/missing the record id column/),
      expect.stringMatching(/missing the create date column/),
      expect.stringMatching(/missing the deal stage column/),
    ]);
  });
});

describe('Salesforce', () => {
  it('maps leads (API names, UTC timestamps) to lead and converted opportunity', async () => {
    const rows = rowsOf(await run('salesforce-leads', 'salesforce-leads.csv'), 'funnel');
    expect(stages(rows)).toEqual([
      ['00Q5g00000AbCd1EAF', 'lead', '2024-01-10T15:04', 'web', null, null],
      ['00Q5g00000AbCd1EAF', 'opportunity', '2024-02-02T00:00', 'web', null, '0015g00000XyZa1AAB'],
      ['00Q5g00000AbCd2EAF', 'lead', '2024-01-15T09:30', 'phone_inquiry', null, null],
      ['00Q5g00000AbCd3EAF', 'lead', '2024-02-20T18:45', 'partner_referral', null, null],
      [
        '00Q5g00000AbCd3EAF',
        'opportunity',
        '2024-03-11T00:00',
        'partner_referral',
        null,
        '0015g00000XyZa3AAB',
      ],
      ['00Q5g00000AbCd4EAF', 'lead', '2024-03-01T08:00', 'web', null, null],
    ]);
  });

  it('maps opportunities (report labels, US dates) so the sales cycle runs CreatedDate → CloseDate', async () => {
    const rows = rowsOf(
      await run('salesforce-opportunities', 'salesforce-opportunities.csv'),
      'funnel',
    );
    const won = rows.filter((r) => r.stage === 'customer');
    expect(won.map((r) => [r.id, iso(r.occurred_at).slice(0, 10)])).toEqual([
      ['0065g00000PqRs1AAB', '2024-03-15'],
      ['0065g00000PqRs6AAB', '2024-04-02'],
    ]);
    const opened = new Map(
      rows.filter((r) => r.stage === 'opportunity').map((r) => [r.id, r.occurred_at]),
    );
    const cycle = won.map((r) => (r.occurred_at - opened.get(r.id)!) / MS_PER_DAY);
    expect(cycle).toEqual([42, 73]);
    expect(rows).toHaveLength(6);
  });
});

describe('forms', () => {
  it('finds the 0-10 question of a Typeform export as NPS, with the reason as comment', async () => {
    const rows = rowsOf(await run('typeform', 'typeform-nps.csv'), 'surveys');
    expect(
      rows.map((r) => [
        r.response_id,
        r.kind,
        r.score,
        iso(r.submitted_at),
        r.customer_id,
        r.comment,
      ]),
    ).toEqual([
      [
        'k2x9f8d7g6h5j4k3l2m1',
        'nps',
        10,
        '2024-03-05T14:22',
        'cus_Q1aB2cD3eF4gH5',
        'The reporting saves me hours every week.',
      ],
      [
        'p9o8i7u6y5t4r3e2w1q0',
        'nps',
        6,
        '2024-03-06T09:03',
        'cus_Q1aB2cD3eF4gH6',
        'Setup was confusing, support was slow.',
      ],
      ['z1x2c3v4b5n6m7a8s9d0', 'nps', 9, '2024-03-07T22:15', null, null],
      [
        'q1w2e3r4t5y6u7i8o9p0',
        'nps',
        0,
        '2024-03-08T11:12',
        'cus_Q1aB2cD3eF4gH7',
        'Too expensive for what we use.',
      ],
    ]);
  });

  it('keeps Typeform UTC times in UTC whatever the reporting zone', async () => {
    const result = await parseExportFile(findPreset('typeform')!, fixture('typeform-nps.csv'), {
      timeZone: 'Asia/Tokyo',
    });
    expect(iso(rowsOf(result, 'surveys')[0]!.submitted_at)).toBe('2024-03-05T14:22');
  });

  it('finds the 1-5 question of a Google Forms export as CSAT, day-first timestamps', async () => {
    const rows = rowsOf(await run('google-forms', 'google-forms-csat.csv'), 'surveys');
    expect(rows.map((r) => [r.kind, r.score, iso(r.submitted_at), r.customer_id])).toEqual([
      ['csat', 5, '2024-03-05T14:22', 'cus_L1'],
      ['csat', 3, '2024-03-13T09:03', 'cus_L2'],
      ['csat', 4, '2024-03-21T17:45', 'cus_L3'],
      ['csat', 1, '2024-04-02T08:15', null],
    ]);
    // Stable ids: the same export imported again updates, it does not duplicate.
    const again = rowsOf(await run('google-forms', 'google-forms-csat.csv'), 'surveys');
    expect(again.map((r) => r.response_id)).toEqual(rows.map((r) => r.response_id));
    expect(rows[0]!.response_id).toMatch(/^gf_[0-9a-f]{16}$/);
  });

  it('asks which question when several hold scores', async () => {
    const data = new TextEncoder().encode(
      'Timestamp,Rate our docs,Rate our support\n2024-03-01,4,5\n2024-03-02,2,3\n',
    );
    const result = await parseExportBuffer(findPreset('google-forms')!, 'form.csv', data, options);
    expect(result.issues[0]!.reason).toMatch(/several questions hold scores.*--question/);
    const chosen = await parseExportBuffer(findPreset('google-forms')!, 'form.csv', data, {
      ...options,
      question: 'Rate our support',
    });
    expect(rowsOf(chosen, 'surveys').map((r) => r.score)).toEqual([5, 3]);
  });

  it('reports a score out of range on its row', async () => {
    const data = new TextEncoder().encode(
      '#,How likely are you to recommend us?,Submit Date (UTC)\na,7,2024-03-01 10:00:00\nb,11,2024-03-01 11:00:00\nc,8,2024-03-01 12:00:00\nd,9,2024-03-01 12:00:00\ne,9,2024-03-01 12:00:00\nf,9,2024-03-01 12:00:00\ng,9,2024-03-01 12:00:00\nh,9,2024-03-01 12:00:00\ni,9,2024-03-01 12:00:00\nj,9,2024-03-01 12:00:00\n',
    );
    const result = await parseExportBuffer(findPreset('typeform')!, 'tf.csv', data, options);
    expect(result.batches).toEqual([]);
    expect(result.issues.map((i) => [i.row, i.column])).toEqual([[3, 'score']]);
  });
});

describe('column map (import --map)', () => {
  it('maps headers, constants and day-first dates onto a canonical kind', async () => {
    const result = await parseMappedFile(
      'subscriptions',
      fixture('subscriptions-export.csv'),
      fixture('subscriptions-export.map.json'),
      options,
    );
    const rows = rowsOf(result, 'subscriptions');
    expect(
      rows.map((r) => [
        r.subscription_id,
        r.plan,
        r.amount,
        r.currency,
        r.interval,
        formatDay(r.start_date),
        r.end_date === null ? null : formatDay(r.end_date),
        r.quantity,
      ]),
    ).toEqual([
      ['ACME-001', 'Growth', 149000, 'EUR', 'month', '2024-01-15', null, 5],
      ['ACME-002', 'Starter', 4900, 'EUR', 'month', '2024-02-03', '2024-03-31', 1],
      ['ACME-003', 'Growth', 149000, 'EUR', 'month', '2024-02-28', null, 12],
    ]);
  });

  it('rejects a map naming a column the file lacks or a column the kind lacks', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const dir = mkdtempSync(join((await import('node:os')).tmpdir(), 'map-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        columns: {
          subscription_id: 'Nope',
          customer_id: 'Account',
          amount: 'Monthly Price',
          currency: 'Curr',
          interval: { value: 'month' },
          start_date: 'Started (dd/mm/yyyy)',
        },
      }),
    );
    const result = await parseMappedFile(
      'subscriptions',
      fixture('subscriptions-export.csv'),
      bad,
      options,
    );
    expect(result.issues[0]).toMatchObject({
      row: 1,
      column: 'subscription_id',
      reason: expect.stringMatching(/reads column "Nope"/),
    });
    writeFileSync(bad, JSON.stringify({ columns: { price: 'Monthly Price' } }));
    await expect(
      parseMappedFile('subscriptions', fixture('subscriptions-export.csv'), bad, options),
    ).rejects.toThrow(/"price" is not a column of subscriptions/);
  });
});
