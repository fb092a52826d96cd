/** Gruppen und Maße der Branchenvergleiche, nach englischem Text (src/metrics/benchmarks.ts). */
export const de: Readonly<Record<string, string>> = {
  'B2B SaaS companies with ARR ≥ $1M, ACV {band}':
    'B2B-SaaS-Unternehmen mit ARR ≥ 1 Mio. $, ACV {band}',
  'median annual net revenue retention': 'Median der jährlichen Netto-Umsatzbindung',
  'median annual gross revenue retention': 'Median der jährlichen Brutto-Umsatzbindung',
  'SaaS businesses with ARPA under $10 a month': 'SaaS-Unternehmen mit ARPA unter 10 $ pro Monat',
  'SaaS businesses with ARPA over $500 a month': 'SaaS-Unternehmen mit ARPA über 500 $ pro Monat',
  'median monthly customer (logo) churn rate': 'Median der monatlichen Kundenabwanderungsrate',
  'Bessemer cloud portfolio companies with $1–10M ARR':
    'Cloud-Unternehmen im Bessemer-Portfolio mit 1–10 Mio. $ ARR',
  'year-over-year ARR growth: average (about 200%) and middle 50% of companies':
    'ARR-Wachstum gegenüber Vorjahr: Durchschnitt (etwa 200 %) und mittlere 50 % der Unternehmen',
  'Bessemer cloud portfolio companies with $50M+ ARR':
    'Cloud-Unternehmen im Bessemer-Portfolio mit über 50 Mio. $ ARR',
  'year-over-year ARR growth: average and middle 50% of companies':
    'ARR-Wachstum gegenüber Vorjahr: Durchschnitt und mittlere 50 % der Unternehmen',
  'Private SaaS companies surveyed (all sizes; 2018 growth)':
    'Befragte private SaaS-Unternehmen (alle Größen; Wachstum 2018)',
  'Private SaaS companies surveyed with ARR over $25M (2018 growth)':
    'Befragte private SaaS-Unternehmen mit ARR über 25 Mio. $ (Wachstum 2018)',
  'median organic ARR growth': 'Median des organischen ARR-Wachstums',
  'SaaS selling to SMB customers': 'SaaS für kleine und mittlere Unternehmen',
  'CAC payback typically needed, in months (under 6: invest more; over 36: cause for concern)':
    'üblicherweise nötige CAC-Amortisation in Monaten (unter 6: mehr investieren; über 36: bedenklich)',
  'Enterprise SaaS with high upsell and long retention':
    'Enterprise-SaaS mit hohem Zusatzverkauf und langer Kundenbindung',
  'CAC payback that can be sustained, in months (over 36: cause for concern)':
    'tragbare CAC-Amortisation in Monaten (über 36: bedenklich)',
  'SaaS companies': 'SaaS-Unternehmen',
  'threshold: growth rate + profit margin of 40 percentage points or more':
    'Schwelle: Wachstumsrate + Gewinnmarge von mindestens 40 Prozentpunkten',
  'SaaS businesses (ARPA between $10 and $500 a month)':
    'SaaS-Unternehmen (ARPA zwischen 10 $ und 500 $ pro Monat)',
  'typical monthly customer churn rate of SaaS businesses':
    'typische monatliche Kundenabwanderungsrate von SaaS-Unternehmen',
  'SaaS businesses with less than $10,000 of MRR': 'SaaS-Unternehmen mit weniger als 10.000 $ MRR',
  'typical monthly gross MRR churn rate (churn and contraction ÷ MRR at the start)':
    'typische monatliche Brutto-MRR-Abwanderungsrate (Abwanderung und Verringerung ÷ MRR am Anfang)',
  'SaaS businesses with more than $10,000 of MRR': 'SaaS-Unternehmen mit mehr als 10.000 $ MRR',
  'SaaS companies an early-stage investor backs':
    'SaaS-Unternehmen, die ein Frühphaseninvestor unterstützt',
  'threshold: (new + expansion MRR) ÷ (churned + contraction MRR) of 4 or more, the bar Social+Capital set for its SaaS investments':
    'Schwelle: (neuer + Erweiterungs-MRR) ÷ (abgewanderter + Verringerungs-MRR) von 4 oder mehr, die Latte von Social+Capital für seine SaaS-Investitionen',
  'ChartMogul (Sid Jain), published by TechCrunch':
    'ChartMogul (Sid Jain), veröffentlicht von TechCrunch',
  'InsightSquared, interview with Mamoon Hamid (Social+Capital)':
    'InsightSquared, Interview mit Mamoon Hamid (Social+Capital)',
  'under {amount}': 'unter {amount}',
  'over {amount}': 'über {amount}',
};
