/** Les groupes et mesures des références du secteur, par texte anglais (src/metrics/benchmarks.ts). */
export const fr: Readonly<Record<string, string>> = {
  'B2B SaaS companies with ARR ≥ $1M, ACV {band}':
    'Entreprises SaaS B2B avec un ARR ≥ 1 M$, ACV {band}',
  'median annual net revenue retention': 'rétention nette annuelle du revenu, médiane',
  'median annual gross revenue retention': 'rétention brute annuelle du revenu, médiane',
  'SaaS businesses with ARPA under $10 a month':
    'Entreprises SaaS avec un ARPA inférieur à 10 $ par mois',
  'SaaS businesses with ARPA over $500 a month':
    'Entreprises SaaS avec un ARPA supérieur à 500 $ par mois',
  'median monthly customer (logo) churn rate': 'taux mensuel d’attrition clients (logos), médiane',
  'Bessemer cloud portfolio companies with $1–10M ARR':
    'Entreprises cloud du portefeuille de Bessemer avec 1 à 10 M$ d’ARR',
  'year-over-year ARR growth: average (about 200%) and middle 50% of companies':
    'croissance de l’ARR sur un an : moyenne (environ 200 %) et 50 % médians des entreprises',
  'Bessemer cloud portfolio companies with $50M+ ARR':
    'Entreprises cloud du portefeuille de Bessemer avec plus de 50 M$ d’ARR',
  'year-over-year ARR growth: average and middle 50% of companies':
    'croissance de l’ARR sur un an : moyenne et 50 % médians des entreprises',
  'Private SaaS companies surveyed (all sizes; 2018 growth)':
    'Entreprises SaaS privées interrogées (toutes tailles ; croissance 2018)',
  'Private SaaS companies surveyed with ARR over $25M (2018 growth)':
    'Entreprises SaaS privées interrogées avec un ARR supérieur à 25 M$ (croissance 2018)',
  'median organic ARR growth': 'croissance organique de l’ARR, médiane',
  'SaaS selling to SMB customers': 'SaaS vendant aux PME',
  'CAC payback typically needed, in months (under 6: invest more; over 36: cause for concern)':
    'délai de retour du CAC habituellement nécessaire, en mois (moins de 6 : investir davantage ; plus de 36 : inquiétant)',
  'Enterprise SaaS with high upsell and long retention':
    'SaaS pour grands comptes avec forte montée en gamme et longue rétention',
  'CAC payback that can be sustained, in months (over 36: cause for concern)':
    'délai de retour du CAC soutenable, en mois (plus de 36 : inquiétant)',
  'SaaS companies': 'Entreprises SaaS',
  'threshold: growth rate + profit margin of 40 percentage points or more':
    'seuil : taux de croissance + marge bénéficiaire d’au moins 40 points de pourcentage',
  'SaaS businesses (ARPA between $10 and $500 a month)':
    'Entreprises SaaS (ARPA entre 10 $ et 500 $ par mois)',
  'typical monthly customer churn rate of SaaS businesses':
    'taux mensuel d’attrition clients habituel des entreprises SaaS',
  'SaaS businesses with less than $10,000 of MRR': 'Entreprises SaaS avec moins de 10 000 $ de MRR',
  'typical monthly gross MRR churn rate (churn and contraction ÷ MRR at the start)':
    'taux mensuel d’attrition brute du MRR habituel (attrition et contraction ÷ MRR au début)',
  'SaaS businesses with more than $10,000 of MRR': 'Entreprises SaaS avec plus de 10 000 $ de MRR',
  'SaaS companies an early-stage investor backs':
    'Entreprises SaaS soutenues par un investisseur en amorçage',
  'threshold: (new + expansion MRR) ÷ (churned + contraction MRR) of 4 or more, the bar Social+Capital set for its SaaS investments':
    'seuil : (nouveau MRR + expansion) ÷ (MRR perdu + contraction) d’au moins 4, la barre fixée par Social+Capital pour ses investissements SaaS',
  'ChartMogul (Sid Jain), published by TechCrunch': 'ChartMogul (Sid Jain), publié par TechCrunch',
  'InsightSquared, interview with Mamoon Hamid (Social+Capital)':
    'InsightSquared, entretien avec Mamoon Hamid (Social+Capital)',
  'under {amount}': 'moins de {amount}',
  'over {amount}': 'plus de {amount}',
};
