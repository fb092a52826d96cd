import type { MappedOutput } from './mapped-import.ts';
import { FieldFinder, RowReader, channelName, type Preset } from './preset.ts';

/**
 * CRM exports onto the funnel (SPEC §4): stages lead → opportunity → customer, dated when
 * the record reached them, with the acquisition channel. The same record id follows a
 * record through its stages, which is what conversion rates and the sales cycle join on.
 * Column names are those of HubSpot's and Salesforce's own exports (UI labels and API names).
 */

const FUNNEL_SOURCES = { id: 'id', stage: 'stage', occurred_at: 'occurred_at' };

export const hubspotContacts: Preset = {
  name: 'hubspot-contacts',
  description: 'HubSpot contacts export → funnel (lead, opportunity, customer) and customers',
  kinds: ['funnel', 'customers'],
  compile(table, options) {
    const f = new FieldFinder(table, options);
    const id = f.required('record id', ['Record ID', 'Contact ID', 'hs_object_id', 'vid']);
    const created = f.required('create date', ['Create Date', 'createdate'], true);
    const leadDate = f.optional(['Became a Lead Date', 'hs_lifecyclestage_lead_date'], true);
    const oppDate = f.optional(
      ['Became an Opportunity Date', 'hs_lifecyclestage_opportunity_date'],
      true,
    );
    const customerDate = f.optional(
      ['Became a Customer Date', 'hs_lifecyclestage_customer_date'],
      true,
    );
    const stage = f.optional(['Lifecycle Stage', 'lifecyclestage']);
    const source = f.optional([
      'Original Source',
      'Original Traffic Source',
      'hs_analytics_source',
    ]);
    const email = f.optional(['Email', 'email']);
    const first = f.optional(['First Name', 'firstname']);
    const last = f.optional(['Last Name', 'lastname']);
    const company = f.optional(['Company Name', 'company']);
    const country = f.optional(['Country/Region', 'Country', 'country']);
    return {
      headerIssues: f.issues,
      sources: {
        funnel: {
          ...FUNNEL_SOURCES,
          id: id.header,
          occurred_at: leadDate?.header ?? created.header,
          channel: source?.header ?? 'channel',
        },
        customers: { customer_id: id.header, created_at: created.header },
      },
      mapper: (row) => {
        const r = new RowReader(row);
        const contact = r.text(id);
        const channel = channelName(r.text(source));
        const out: MappedOutput[] = [];
        const stageRow = (name: string, at: string, customer = ''): void => {
          if (at !== '')
            out.push({
              kind: 'funnel',
              cells: { id: contact, stage: name, occurred_at: at, channel, customer_id: customer },
            });
        };
        const createdAt = r.date(created, 'occurred_at');
        stageRow('lead', r.date(leadDate, 'occurred_at') || createdAt);
        stageRow('opportunity', r.date(oppDate, 'occurred_at'));
        const becameCustomer = r.date(customerDate, 'occurred_at');
        stageRow('customer', becameCustomer, contact);
        if (becameCustomer !== '' || /^customer$/i.test(r.text(stage))) {
          const name =
            r.text(company) || [r.text(first), r.text(last)].filter((s) => s !== '').join(' ');
          out.push({
            kind: 'customers',
            cells: {
              customer_id: contact,
              name,
              email: r.text(email),
              created_at: r.date(created, 'created_at', true),
              country: r.text(country),
              channel,
            },
          });
        }
        return { outputs: r.issues.length > 0 ? [] : out, issues: r.issues };
      },
    };
  },
};

const won = (
  r: RowReader,
  flag: ReturnType<FieldFinder['optional']>,
  stage: ReturnType<FieldFinder['optional']>,
): boolean =>
  flag !== null && r.text(flag) !== '' ? r.flag(flag) : /closed\s*won/i.test(r.text(stage));

export const hubspotDeals: Preset = {
  name: 'hubspot-deals',
  description: 'HubSpot deals export → funnel (opportunity when created, customer when closed won)',
  kinds: ['funnel'],
  compile(table, options) {
    const f = new FieldFinder(table, options);
    const id = f.required('record id', ['Record ID', 'Deal ID', 'hs_object_id', 'dealId']);
    const created = f.required('create date', ['Create Date', 'createdate'], true);
    const close = f.optional(['Close Date', 'closedate'], true);
    const stage = f.required('deal stage', ['Deal Stage', 'dealstage']);
    const isWon = f.optional(['Is Closed Won', 'hs_is_closed_won', 'Is closed won']);
    const amount = f.optional(['Amount', 'amount', 'Amount in company currency']);
    const source = f.optional([
      'Original Source Type',
      'Original Source',
      'Original Traffic Source',
      'hs_analytics_source',
    ]);
    const company = f.optional([
      'Associated Company IDs',
      'Associated Company ID',
      'Associated Company IDs (Primary)',
      'Associated Company',
    ]);
    return {
      headerIssues: f.issues,
      sources: {
        funnel: {
          ...FUNNEL_SOURCES,
          id: id.header,
          occurred_at: created.header,
          value: amount?.header ?? 'value',
        },
      },
      mapper: (row) => {
        const r = new RowReader(row);
        const deal = r.text(id);
        const channel = channelName(r.text(source));
        const value = r.text(amount);
        const customer = r.text(company).split(/[;,]/)[0]!.trim();
        const out: MappedOutput[] = [];
        const openedAt = r.date(created, 'occurred_at');
        if (openedAt !== '')
          out.push({
            kind: 'funnel',
            cells: {
              id: deal,
              stage: 'opportunity',
              occurred_at: openedAt,
              channel,
              value,
              customer_id: customer,
            },
          });
        if (won(r, isWon, stage)) {
          const closedAt = r.date(close, 'occurred_at');
          if (closedAt === '')
            r.issues.push({
              column: 'occurred_at',
              reason: `deal ${deal} is closed won but has no close date`,
            });
          else
            out.push({
              kind: 'funnel',
              cells: {
                id: deal,
                stage: 'customer',
                occurred_at: closedAt,
                channel,
                value,
                customer_id: customer,
              },
            });
        }
        return { outputs: r.issues.length > 0 ? [] : out, issues: r.issues };
      },
    };
  },
};

export const salesforceLeads: Preset = {
  name: 'salesforce-leads',
  description: 'Salesforce leads export → funnel (lead when created, opportunity when converted)',
  kinds: ['funnel'],
  compile(table, options) {
    const f = new FieldFinder(table, options);
    const id = f.required('lead id', ['Id', 'Lead ID']);
    const created = f.required(
      'created date',
      ['CreatedDate', 'Created Date', 'Create Date'],
      true,
    );
    const source = f.optional(['LeadSource', 'Lead Source']);
    const converted = f.optional(['IsConverted', 'Converted']);
    const convertedDate = f.optional(['ConvertedDate', 'Converted Date'], true);
    const account = f.optional(['ConvertedAccountId', 'Converted Account ID']);
    return {
      headerIssues: f.issues,
      sources: { funnel: { ...FUNNEL_SOURCES, id: id.header, occurred_at: created.header } },
      mapper: (row) => {
        const r = new RowReader(row);
        const lead = r.text(id);
        const channel = channelName(r.text(source));
        const out: MappedOutput[] = [];
        const createdAt = r.date(created, 'occurred_at');
        if (createdAt !== '')
          out.push({
            kind: 'funnel',
            cells: { id: lead, stage: 'lead', occurred_at: createdAt, channel },
          });
        const convertedAt = r.date(convertedDate, 'occurred_at');
        if ((converted === null || r.flag(converted)) && convertedAt !== '') {
          out.push({
            kind: 'funnel',
            cells: {
              id: lead,
              stage: 'opportunity',
              occurred_at: convertedAt,
              channel,
              customer_id: r.text(account),
            },
          });
        }
        return { outputs: r.issues.length > 0 ? [] : out, issues: r.issues };
      },
    };
  },
};

export const salesforceOpportunities: Preset = {
  name: 'salesforce-opportunities',
  description:
    'Salesforce opportunities export → funnel (opportunity at CreatedDate, customer at CloseDate when won): the sales cycle',
  kinds: ['funnel'],
  compile(table, options) {
    const f = new FieldFinder(table, options);
    const id = f.required('opportunity id', ['Id', 'Opportunity ID']);
    const created = f.required(
      'created date',
      ['CreatedDate', 'Created Date', 'Create Date'],
      true,
    );
    const close = f.required('close date', ['CloseDate', 'Close Date'], true);
    const stage = f.optional(['StageName', 'Stage']);
    const isWon = f.optional(['IsWon', 'Won']);
    const amount = f.optional(['Amount']);
    const source = f.optional(['LeadSource', 'Lead Source']);
    const account = f.optional(['AccountId', 'Account ID']);
    return {
      headerIssues: f.issues,
      sources: {
        funnel: {
          ...FUNNEL_SOURCES,
          id: id.header,
          occurred_at: created.header,
          value: amount?.header ?? 'value',
        },
      },
      mapper: (row) => {
        const r = new RowReader(row);
        const opportunity = r.text(id);
        const channel = channelName(r.text(source));
        const value = r.text(amount);
        const customer = r.text(account);
        const out: MappedOutput[] = [];
        const createdAt = r.date(created, 'occurred_at');
        if (createdAt !== '')
          out.push({
            kind: 'funnel',
            cells: {
              id: opportunity,
              stage: 'opportunity',
              occurred_at: createdAt,
              channel,
              value,
              customer_id: customer,
            },
          });
        if (won(r, isWon, stage)) {
          const closedAt = r.date(close, 'occurred_at');
          if (closedAt !== '')
            out.push({
              kind: 'funnel',
              cells: {
                id: opportunity,
                stage: 'customer',
                occurred_at: closedAt,
                channel,
                value,
                customer_id: customer,
              },
            });
        }
        return { outputs: r.issues.length > 0 ? [] : out, issues: r.issues };
      },
    };
  },
};
