/** Grupy i miary punktów odniesienia, według tekstu angielskiego (src/metrics/benchmarks.ts). */
export const pl: Readonly<Record<string, string>> = {
  'B2B SaaS companies with ARR ≥ $1M, ACV {band}': 'Firmy B2B SaaS z ARR ≥ 1 mln USD, ACV {band}',
  'median annual net revenue retention': 'mediana rocznej retencji przychodu netto',
  'median annual gross revenue retention': 'mediana rocznej retencji przychodu brutto',
  'SaaS businesses with ARPA under $10 a month': 'Firmy SaaS z ARPA poniżej 10 USD miesięcznie',
  'SaaS businesses with ARPA over $500 a month': 'Firmy SaaS z ARPA powyżej 500 USD miesięcznie',
  'median monthly customer (logo) churn rate': 'mediana miesięcznego wskaźnika odejść klientów',
  'Bessemer cloud portfolio companies with $1–10M ARR':
    'Firmy chmurowe z portfela Bessemer z ARR 1–10 mln USD',
  'year-over-year ARR growth: average (about 200%) and middle 50% of companies':
    'roczny wzrost ARR: średnia (około 200%) i środkowe 50% firm',
  'Bessemer cloud portfolio companies with $50M+ ARR':
    'Firmy chmurowe z portfela Bessemer z ARR powyżej 50 mln USD',
  'year-over-year ARR growth: average and middle 50% of companies':
    'roczny wzrost ARR: średnia i środkowe 50% firm',
  'Private SaaS companies surveyed (all sizes; 2018 growth)':
    'Ankietowane prywatne firmy SaaS (wszystkie wielkości; wzrost w 2018)',
  'Private SaaS companies surveyed with ARR over $25M (2018 growth)':
    'Ankietowane prywatne firmy SaaS z ARR powyżej 25 mln USD (wzrost w 2018)',
  'median organic ARR growth': 'mediana organicznego wzrostu ARR',
  'SaaS selling to SMB customers': 'SaaS sprzedające małym i średnim firmom',
  'CAC payback typically needed, in months (under 6: invest more; over 36: cause for concern)':
    'zwykle potrzebny okres zwrotu CAC w miesiącach (poniżej 6: inwestuj więcej; powyżej 36: powód do niepokoju)',
  'Enterprise SaaS with high upsell and long retention':
    'SaaS dla dużych firm z wysoką sprzedażą dodatkową i długą retencją',
  'CAC payback that can be sustained, in months (over 36: cause for concern)':
    'możliwy do utrzymania okres zwrotu CAC w miesiącach (powyżej 36: powód do niepokoju)',
  'SaaS companies': 'Firmy SaaS',
  'threshold: growth rate + profit margin of 40 percentage points or more':
    'próg: tempo wzrostu + marża zysku co najmniej 40 punktów procentowych',
  'SaaS businesses (ARPA between $10 and $500 a month)':
    'Firmy SaaS (ARPA od 10 do 500 USD miesięcznie)',
  'typical monthly customer churn rate of SaaS businesses':
    'typowy miesięczny wskaźnik odejść klientów firm SaaS',
  'SaaS businesses with less than $10,000 of MRR': 'Firmy SaaS z MRR poniżej 10 000 USD',
  'typical monthly gross MRR churn rate (churn and contraction ÷ MRR at the start)':
    'typowy miesięczny wskaźnik utraty MRR brutto (odejścia i zmniejszenia ÷ MRR na początku)',
  'SaaS businesses with more than $10,000 of MRR': 'Firmy SaaS z MRR powyżej 10 000 USD',
  'SaaS companies an early-stage investor backs':
    'Firmy SaaS wspierane przez inwestora na wczesnym etapie',
  'threshold: (new + expansion MRR) ÷ (churned + contraction MRR) of 4 or more, the bar Social+Capital set for its SaaS investments':
    'próg: (nowy + z rozszerzeń MRR) ÷ (utracony + ze zmniejszeń MRR) co najmniej 4, poprzeczka Social+Capital dla inwestycji w SaaS',
  'ChartMogul (Sid Jain), published by TechCrunch':
    'ChartMogul (Sid Jain), opublikowane przez TechCrunch',
  'InsightSquared, interview with Mamoon Hamid (Social+Capital)':
    'InsightSquared, wywiad z Mamoonem Hamidem (Social+Capital)',
  'under {amount}': 'poniżej {amount}',
  'over {amount}': 'powyżej {amount}',
};
