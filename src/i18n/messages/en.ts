/**
 * English: the server's catalogue every other language follows key for key. `{name}` slots
 * are filled in; amounts arrive already formatted in the reader's locale.
 */
export const en = {
  // Insight sentences (src/insights)
  'insight.unchanged': '{metric} was unchanged from {from} to {to} at {end}.',
  'insight.grew': '{metric} grew by {change} from {from} to {to}, to {end}.',
  'insight.grewRate': '{metric} grew by {change} ({rate}) from {from} to {to}, to {end}.',
  'insight.fell': '{metric} fell by {change} from {from} to {to}, to {end}.',
  'insight.fellRate': '{metric} fell by {change} ({rate}) from {from} to {to}, to {end}.',
  'insight.wentFrom': '{metric} went from {from} in {fromPeriod} to {to} in {toPeriod}.',
  'insight.movements': 'Movements added {gained} and removed {lost}.',
  'insight.driver': 'The largest single driver was {type} ({amount}).',
  'insight.segment': 'By {dimension}, {value} moved it most ({amount}).',
  'insight.customer': 'The biggest customer contribution came from {name} ({amount}, {types}).',
  'insight.and': ' and ',
  'component.new': 'new customers',
  'component.expansion': 'expansion',
  'component.reactivation': 'reactivations',
  'component.contraction': 'contraction',
  'component.churn': 'churn',
  'component.fx': 'exchange-rate moves',
  'component.other': 'other changes',
  'dimension.plan': 'plan',
  'dimension.country': 'country',
  'dimension.channel': 'channel',
  'dimension.segment': 'segment',

  // Where a value stands against a benchmark (src/metrics/benchmarks.ts)
  'benchmark.belowP25': 'below the 25th percentile',
  'benchmark.aboveP75': 'above the 75th percentile',
  'benchmark.betweenP25P75': 'between the 25th and 75th percentiles',
  'benchmark.atOrAbove': 'at or above',
  'benchmark.below': 'below',
  'benchmark.belowRange': 'below the range',
  'benchmark.aboveRange': 'above the range',
  'benchmark.withinRange': 'within the range',
  'benchmark.aroundMedian': 'around the median (within {tolerance})',
  'benchmark.aroundAverage': 'around the average (within {tolerance})',
  'benchmark.belowMedian': 'below the median (by more than {tolerance})',
  'benchmark.belowAverage': 'below the average (by more than {tolerance})',
  'benchmark.aboveMedian': 'above the median (by more than {tolerance})',
  'benchmark.aboveAverage': 'above the average (by more than {tolerance})',

  // Why a metric has no value (src/metrics/missing.ts)
  'missing.needs': 'needs {files}',
  'missing.file': '{file}',
  'missing.fileDetail': '{file} ({detail})',
  'missing.or': ' or ',
  'missing.and': ' and ',
  'missing.companyWide.one': '{files} describes the whole company: not defined for a segment',
  'missing.companyWide.other': '{files} describe the whole company: not defined for a segment',
  'missing.costsByChannel':
    'costs.csv carries only a channel: defined for the workspace or a channel segment (--segment channel=… or --by channel)',
  'detail.paidInvoices': 'paid invoices',
  'detail.activationEvent': 'the activation event',
  'detail.events': '"{event}" events',
  'detail.leadStages': 'lead or opportunity, and customer stages',
  'detail.stages': '{from} and {to} stages',

  // The digest e-mail, Slack message and webhook (src/reports/digest.ts)
  'digest.title': 'Northstar digest — {period}',
  'digest.keyFigures': 'Key figures, {period}',
  'digest.keyFiguresVs': 'Key figures, {period} vs {previous}',
  'digest.changed': 'What changed',
  'digest.goals': 'Goals',
  'digest.alerts': 'Alerts',
  'digest.kpi': '{metric}: {value}',
  'digest.kpiChange': '{metric}: {value} ({change})',
  'digest.pts': '{change} pts',
  'digest.goal': '{name}: {progress} — {status}',
  'digest.goalForecast': '{name}: {progress} — {status} (forecast: {chance} chance by {period})',
  'digest.fired': 'Fired: {rule} — {message}',
  'digest.recovered': 'Recovered: {rule} — {message}',
  'goalStatus.achieved': 'achieved',
  'goalStatus.on_track': 'on track',
  'goalStatus.at_risk': 'at risk',
  'goalStatus.off_track': 'off track',
  'goalStatus.missed': 'missed',

  // Alert notifications (src/alerts)
  'alert.fired': 'Alert: {rule}',
  'alert.recovered': 'Recovered: {rule}',
} as const;

export type ServerMessageKey = keyof typeof en;
export type ServerMessages = Readonly<Record<ServerMessageKey, string>>;
