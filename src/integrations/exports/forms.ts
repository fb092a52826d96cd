import { createHash } from 'node:crypto';
import type { SurveyKind } from '../../model/kinds.ts';
import type { SourceTable } from './source-table.ts';
import { Columns } from './source-table.ts';
import { FieldFinder, RowReader, type Field, type Preset, type PresetOptions } from './preset.ts';

/**
 * Form responses (Typeform, Google Forms) onto surveys (SPEC §4). The score question is
 * found by its answers: whole numbers from 0 to 10 make an NPS question ("How likely are
 * you to recommend…"), 1 to 5 a CSAT question; the wording breaks ties. The comment is
 * the free-text question that asks why.
 */

export interface ScoreQuestion {
  readonly index: number;
  readonly header: string;
  readonly kind: SurveyKind;
}

const NPS_WORDS = /recommend|likely|nps/i;
const CSAT_WORDS = /satisf|csat|happy|rate (your|our|the)/i;
const COMMENT_WORDS = /why|reason|comment|feedback|tell us|improve|anything else|explain/i;

/** Columns that are never the score (ids, dates, metadata). */
const NOT_QUESTIONS =
  /^(#|id|token|response id|network id|timestamp|start date|submit date|stage date|tags|score|ending)\b/i;

export function detectScoreQuestion(
  table: SourceTable,
  exclude: ReadonlySet<number>,
  preferred?: string,
): ScoreQuestion | { error: string } {
  const candidates: ScoreQuestion[] = [];
  table.header.forEach((header, index) => {
    if (exclude.has(index) || header === '' || NOT_QUESTIONS.test(header)) return;
    const values = table.rows.map((r) => (r.cells[index] ?? '').trim()).filter((v) => v !== '');
    if (values.length === 0) return;
    const numbers = values
      .filter((v) => /^\d{1,2}$/.test(v))
      .map(Number)
      .filter((n) => n <= 10);
    // A stray "n/a" or 11 should be reported on its row, not hide the question.
    if (numbers.length < values.length * 0.9) return;
    const min = Math.min(...numbers);
    const max = Math.max(...numbers);
    let kind: SurveyKind | null = null;
    if (NPS_WORDS.test(header) || min === 0 || max > 5) kind = 'nps';
    else if (min >= 1 && max <= 5) kind = 'csat';
    if (kind !== null) candidates.push({ index, header, kind });
  });
  if (preferred !== undefined) {
    const index = new Columns(table.header).find([preferred]);
    if (index === null) return { error: `--question "${preferred}" is not a column of the file` };
    const found = candidates.find((c) => c.index === index);
    if (found) return found;
    return { error: `--question "${preferred}" does not hold 0-10 or 1-5 scores` };
  }
  if (candidates.length === 1) return candidates[0]!;
  const hinted = candidates.filter((c) =>
    (c.kind === 'nps' ? NPS_WORDS : CSAT_WORDS).test(c.header),
  );
  if (hinted.length === 1) return hinted[0]!;
  if (candidates.length === 0)
    return { error: 'no question holds 0-10 (NPS) or 1-5 (CSAT) scores' };
  return {
    error: `several questions hold scores (${candidates.map((c) => `"${c.header}"`).join(', ')}): choose one with --question`,
  };
}

function commentField(table: SourceTable, exclude: ReadonlySet<number>): Field | null {
  const index = table.header.findIndex((h, i) => !exclude.has(i) && COMMENT_WORDS.test(h));
  return index < 0 ? null : { index, header: table.header[index]!, order: null, utc: false };
}

function surveyPreset(
  name: string,
  description: string,
  fields: (f: FieldFinder) => { id: Field | null; submitted: Field; customer: Field | null },
): Preset {
  return {
    name,
    description,
    kinds: ['surveys'],
    compile(table: SourceTable, options: PresetOptions) {
      const f = new FieldFinder(table, options);
      const { id, submitted, customer } = fields(f);
      const used = new Set([id?.index ?? -1, submitted.index, customer?.index ?? -1]);
      const question = detectScoreQuestion(table, used, options.question);
      const headerIssues = [...f.issues];
      if ('error' in question)
        headerIssues.push({ file: table.file, row: 1, column: null, reason: question.error });
      const score = 'error' in question ? null : question;
      const comment = commentField(table, new Set([...used, score?.index ?? -1]));
      return {
        headerIssues,
        sources: {
          surveys: {
            response_id: id?.header ?? 'response_id',
            submitted_at: submitted.header,
            score: score?.header ?? 'score',
          },
        },
        mapper: (row) => {
          if (score === null) return { outputs: [], issues: [] };
          const r = new RowReader(row);
          const answer = (row.cells[score.index] ?? '').trim();
          // Someone who skipped the question gave no score: not a response to count.
          if (answer === '') return { outputs: [], issues: [] };
          const responseId =
            id !== null
              ? r.text(id)
              : // Google Forms has no response id: the answers themselves identify the row, so
                // re-importing a later export of the same form updates instead of duplicating.
                `gf_${createHash('sha1').update(JSON.stringify(row.cells)).digest('hex').slice(0, 16)}`;
          const cells = {
            response_id: responseId,
            kind: score.kind,
            score: answer,
            submitted_at: r.date(submitted, 'submitted_at'),
            customer_id: r.text(customer),
            comment: comment === null ? '' : r.text(comment),
          };
          return {
            outputs: r.issues.length > 0 ? [] : [{ kind: 'surveys', cells }],
            issues: r.issues,
          };
        },
      };
    },
  };
}

const CUSTOMER_ALIASES = ['customer_id', 'Customer ID', 'account_id', 'Account ID', 'customer'];

export const typeform = surveyPreset(
  'typeform',
  'Typeform responses export → surveys (NPS 0-10 or CSAT 1-5 question detected)',
  (f) => ({
    id: f.required('response id', ['#', 'Response ID', 'Token', 'response_id']),
    submitted: f.required(
      'submit date',
      ['Submit Date (UTC)', 'Submitted At', 'Submit Date', 'submitted_at'],
      true,
    ),
    customer: f.optional(CUSTOMER_ALIASES),
  }),
);

export const googleForms = surveyPreset(
  'google-forms',
  'Google Forms responses export → surveys (NPS 0-10 or CSAT 1-5 question detected)',
  (f) => ({
    id: f.optional(['Response ID']),
    submitted: f.required(
      'timestamp',
      ['Timestamp', 'Horodateur', 'Marca temporal', 'Zeitstempel'],
      true,
    ),
    customer: f.optional(CUSTOMER_ALIASES),
  }),
);
