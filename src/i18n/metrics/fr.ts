import type { MetricTexts } from './texts.ts';

/** Les indicateurs en français : nom et formule (définitions par défaut de Northstar). */
export const fr: MetricTexts = {
  mrr: [
    'MRR',
    'Revenu mensuel récurrent à la fin de la période : chaque ligne d’abonnement payante active ramenée à un mois (mois ×1/interval_count, trimestre ÷3, année ÷12, semaine ×52/12, jour ×365/12), multipliée par la quantité, remises déduites, hors taxes, frais ponctuels et essais gratuits ; lignes de consommation à leur dernière période achevée ; converti au taux de change du jour ; le total de chaque client arrondi à l’unité monétaire minimale.',
  ],
  arr: ['ARR', 'Revenu annuel récurrent : MRR à la fin de la période × 12.'],
  new_mrr: [
    'Nouveau MRR',
    'Somme du MRR gagné par les clients passant de 0 à un MRR positif pour la toute première fois, le jour où cela arrive.',
  ],
  expansion_mrr: [
    'MRR d’expansion',
    'Somme des hausses du MRR des clients payants (x → y avec y > x > 0) : montées en gamme, postes supplémentaires, fin d’une remise.',
  ],
  contraction_mrr: [
    'MRR de contraction',
    'Somme des baisses du MRR des clients qui restent positifs (x → y avec 0 < y < x) : descentes en gamme, postes en moins, remise ajoutée, un abonnement parmi plusieurs résilié. Une grandeur positive.',
  ],
  churned_mrr: [
    'MRR perdu (attrition)',
    'Somme du MRR des clients passant à 0 (par défaut à la fin de leur dernière période de service payée). Une grandeur positive.',
  ],
  reactivation_mrr: [
    'MRR de réactivation',
    'Somme du MRR des clients repassant de 0 à un MRR positif après avoir déjà payé.',
  ],
  net_new_mrr: [
    'MRR net nouveau',
    'nouveau + réactivation + expansion − contraction − MRR perdu. Avec fx_impact_mrr, il explique exactement la variation du MRR sur la période.',
  ],
  fx_impact_mrr: [
    'Effet de change sur le MRR',
    'Variation du MRR en devise de présentation due uniquement aux taux de change (jamais un mouvement) : MRR de fin − MRR de début − MRR net nouveau.',
  ],
  mrr_growth_rate: [
    'Croissance du MRR',
    '(MRR à la fin − MRR au début) ÷ MRR au début de la période.',
  ],
  customers: ['Clients payants', 'Clients dont le MRR est > 0 à la fin de la période.'],
  new_customers: [
    'Nouveaux clients',
    'Clients distincts ayant un mouvement de nouveau MRR dans la période (tout premier paiement).',
  ],
  churned_customers: [
    'Clients perdus',
    'Clients distincts ayant un mouvement d’attrition (MRR à 0) dans la période.',
  ],
  reactivated_customers: [
    'Clients réactivés',
    'Clients distincts ayant un mouvement de réactivation (retour depuis 0 après avoir déjà payé) dans la période.',
  ],
  customer_churn_rate: [
    'Taux d’attrition clients',
    'Clients payants au début de la période partis pendant la période ÷ clients payants au début de la période. Un client arrivé et parti dans la période ne compte pas au numérateur.',
  ],
  customer_retention_rate: [
    'Taux de rétention clients',
    '(Clients à la fin − nouveaux clients − clients réactivés) ÷ clients au début.',
  ],
  gross_mrr_churn_rate: [
    'Attrition brute du MRR',
    '(MRR perdu + MRR de contraction) ÷ MRR au début de la période.',
  ],
  net_mrr_churn_rate: [
    'Taux d’attrition net du MRR',
    '(MRR perdu + contraction − expansion − réactivation) ÷ MRR au début de la période. Négatif quand l’expansion dépasse les pertes.',
  ],
  nrr: [
    'Rétention nette du revenu',
    'MRR à la fin de la période des clients payants à son début ÷ leur MRR au début (l’expansion compte, les nouveaux clients non).',
  ],
  nrr_t12m: [
    'Rétention nette du revenu (12 mois glissants)',
    'MRR à la fin de la période des clients qui payaient douze mois plus tôt ÷ leur MRR douze mois plus tôt.',
  ],
  grr: [
    'Rétention brute du revenu',
    'Comme le NRR sans l’expansion : Σ sur les clients payants au début de min(MRR à la fin, MRR au début) ÷ leur MRR au début. Au plus 100 %.',
  ],
  grr_t12m: [
    'Rétention brute du revenu (12 mois glissants)',
    'Σ sur les clients payants douze mois avant la fin de la période de min(MRR à la fin, MRR douze mois plus tôt) ÷ leur MRR douze mois plus tôt. Au plus 100 %.',
  ],
  arr_growth_rate_yoy: [
    'Croissance de l’ARR (sur un an)',
    '(MRR à la fin de la période − MRR douze mois plus tôt) ÷ MRR douze mois plus tôt : la croissance sur un an du revenu récurrent (l’ARR croît au même rythme).',
  ],
  quick_ratio: [
    'Quick ratio SaaS',
    '(Nouveau MRR + expansion + réactivation) ÷ (MRR perdu + contraction).',
  ],
  arpa: ['ARPA', 'Revenu moyen par compte : MRR ÷ clients payants à la fin de la période.'],
  customer_concentration: [
    'Concentration clients (20 % premiers)',
    'Part du MRR venant des 20 % de clients payants les plus gros (arrondi au client entier supérieur) à la fin de la période.',
  ],
  customer_concentration_hhi: [
    'Concentration client (IHH)',
    'Indice de Herfindahl-Hirschman des parts de MRR des clients à la fin de la période : Σ (MRR du client ÷ MRR total)², de 1/clients (répartition égale) à 1 (un seul client).',
  ],
  gross_revenue: [
    'Chiffre d’affaires brut',
    'Montant facturé des lignes émises dans la période (tous types : abonnement, consommation, ponctuel), hors taxes, remises de ligne déduites, net des remboursements (les lignes remboursées ou annulées ne comptent pas), converti au taux du jour d’émission.',
  ],
  average_order_value: [
    'Panier moyen',
    'Chiffre d’affaires brut de la période ÷ factures distinctes émises dans la période au statut payé.',
  ],
  expansion_revenue: [
    'Revenu d’expansion',
    'MRR d’expansion sur la période : les hausses du MRR des clients payants (voir expansion_mrr).',
  ],
  arpu: [
    'ARPU',
    'Revenu moyen par utilisateur : MRR à la fin de la période ÷ utilisateurs actifs (utilisateurs distincts ayant un événement dans les 30 jours se terminant à son dernier jour) si des événements sont importés ; sinon ÷ postes (Σ des quantités des lignes d’abonnement payantes en vigueur) ; sinon égal à l’ARPA.',
  ],
  cac: [
    'Coût d’acquisition client',
    'Coûts commerciaux et marketing de la période ÷ nouveaux clients de la période (global). Par canal avec --segment channel=<nom> ou --by channel : seulement les coûts portant ce canal et les clients acquis par lui.',
  ],
  ltv: [
    'Valeur vie client',
    'ARPA × marge brute ÷ le taux mensuel moyen d’attrition clients sur les 6 mois glissants se terminant avec la période (pour d’autres périodes que le mois, chaque taux d’attrition ramené à un taux mensuel : 1 − (1 − taux)^(1/mois)). Nulle quand aucun client n’est parti sur ces mois.',
  ],
  ltv_simple: [
    'Valeur vie client (simple)',
    'ARPA × durée de vie moyenne d’un client en mois, la durée de vie étant 1 ÷ le taux mensuel moyen d’attrition clients sur les 6 mois glissants (comme pour ltv) ; sans marge. Affichée à côté de ltv.',
  ],
  ltv_to_cac: ['LTV / CAC', 'ltv ÷ cac de la période.'],
  cac_payback_months: [
    'Retour sur CAC',
    'cac ÷ (ARPA des nouveaux clients × marge brute), l’ARPA des nouveaux clients étant le nouveau MRR ÷ les nouveaux clients de la période : les mois de marge brute qui remboursent l’acquisition d’un client.',
  ],
  revenue_per_employee: [
    'Revenu par employé',
    'ARR à la fin de la période ÷ employés à son dernier jour (la dernière ligne d’effectifs à cette date ou avant).',
  ],
  renewal_rate: [
    'Taux de renouvellement',
    'Engagements d’abonnement arrivés à échéance dans la période et poursuivis ÷ tous les engagements arrivés à échéance. Un engagement prend fin à chaque échéance de facturation d’une ligne payante (début + k × intervalle) ; il est poursuivi quand la ligne continue ou qu’une autre ligne payante du client est en vigueur ce jour-là.',
  ],
  gross_margin: [
    'Marge brute',
    '(Chiffre d’affaires brut − coûts cogs) ÷ chiffre d’affaires brut de la période (chiffre d’affaires = montant facturé hors taxes, net des remboursements).',
  ],
  net_margin: [
    'Marge nette',
    '(Chiffre d’affaires brut − tous les coûts de toutes catégories) ÷ chiffre d’affaires brut de la période.',
  ],
  burn_rate: [
    'Consommation nette de trésorerie',
    'Trésorerie au début − trésorerie à la fin de la période, par mois (÷ le nombre de mois couverts par la période ; un mois vaut 1) : positive quand l’entreprise consomme sa trésorerie. La trésorerie d’un jour est le dernier solde daté de ce jour ou d’avant, par devise.',
  ],
  gross_burn: [
    'Consommation brute de trésorerie',
    'Tous les coûts de la période, par mois (÷ le nombre de mois couverts par la période ; un mois vaut 1).',
  ],
  runway_months: [
    'Autonomie de trésorerie',
    'Trésorerie à la fin de la période ÷ consommation nette mensuelle moyenne des 3 derniers mois ((trésorerie 3 mois plus tôt − trésorerie actuelle) ÷ 3). Nulle quand l’entreprise ne consomme pas de trésorerie.',
  ],
  burn_multiple: [
    'Multiple de consommation',
    'Consommation nette de la période (trésorerie au début − trésorerie à la fin) ÷ ARR net nouveau de la période (MRR net nouveau × 12). Nul quand le ARR net nouveau est nul ou négatif (le rapport ne dit alors rien) ; négatif quand la trésorerie a augmenté.',
  ],
  rule_of_40: [
    'Règle des 40',
    'Croissance du revenu sur un an (arr_growth_rate_yoy) + marge bénéficiaire (net_margin), en points de pourcentage : 40 ou plus respecte la règle.',
  ],
  dso: [
    'Délai moyen de paiement clients',
    'Nombre moyen de jours entre l’émission d’une facture et son paiement, sur les factures payées dans la période (une facture à plusieurs lignes compte une fois).',
  ],
  employee_turnover: [
    'Rotation du personnel',
    'Départs enregistrés dans la période ÷ effectif moyen (moyenne des effectifs à son début et à sa fin).',
  ],
  conversion_visitor_to_signup: [
    'Conversion visiteur → inscription',
    'Identifiants de l’entonnoir entrés à l’étape visiteur dans la période et parvenus à l’étape inscription (au dernier jour de l’historique) ÷ identifiants entrés à l’étape visiteur dans la période. Par canal avec --segment channel=<nom> ou --by channel.',
  ],
  conversion_signup_to_trial: [
    'Conversion inscription → essai',
    'Identifiants de l’entonnoir entrés à l’étape inscription dans la période et parvenus à l’étape essai (au dernier jour de l’historique) ÷ identifiants entrés à l’étape inscription dans la période. Par canal avec --segment channel=<nom> ou --by channel.',
  ],
  conversion_trial_to_customer: [
    'Conversion essai → client',
    'Identifiants de l’entonnoir entrés à l’étape essai dans la période et parvenus à l’étape client (au dernier jour de l’historique) ÷ identifiants entrés à l’étape essai dans la période. Par canal avec --segment channel=<nom> ou --by channel.',
  ],
  conversion_lead_to_opportunity: [
    'Conversion prospect → opportunité',
    'Identifiants de l’entonnoir entrés à l’étape prospect dans la période et parvenus à l’étape opportunité (au dernier jour de l’historique) ÷ identifiants entrés à l’étape prospect dans la période. Par canal avec --segment channel=<nom> ou --by channel.',
  ],
  conversion_opportunity_to_customer: [
    'Conversion opportunité → client',
    'Identifiants de l’entonnoir entrés à l’étape opportunité dans la période et parvenus à l’étape client (au dernier jour de l’historique) ÷ identifiants entrés à l’étape opportunité dans la période. Par canal avec --segment channel=<nom> ou --by channel.',
  ],
  conversion_lead_to_customer: [
    'Conversion prospect → client',
    'Identifiants de l’entonnoir entrés à l’étape prospect dans la période et parvenus à l’étape client (au dernier jour de l’historique) ÷ identifiants entrés à l’étape prospect dans la période. Par canal avec --segment channel=<nom> ou --by channel.',
  ],
  sales_cycle_days: [
    'Cycle de vente',
    'Nombre médian de jours entre l’étape prospect (ou, à défaut, l’étape opportunité) et l’étape client, sur les identifiants de l’entonnoir devenus clients dans la période.',
  ],
  activation_rate: [
    'Taux d’activation',
    'Inscriptions de la période (étapes d’inscription de l’entonnoir ; à défaut, clients selon created_at) dont le client a réalisé l’événement d’activation (réglage activationEvent de l’espace de travail, par défaut « activated ») ÷ inscriptions de la période.',
  ],
  time_to_activation_days: [
    'Délai d’activation',
    'Nombre médian de jours entre l’inscription et le premier événement d’activation du client, sur les inscriptions de la période qui se sont activées.',
  ],
  dau: [
    'Utilisateurs actifs quotidiens',
    'Moyenne sur les jours de la période (jusqu’à aujourd’hui) des utilisateurs distincts ayant au moins un événement ce jour-là ; un utilisateur est une paire (customer_id, user_id).',
  ],
  mau: [
    'Utilisateurs actifs mensuels',
    'Utilisateurs distincts ayant au moins un événement dans les 30 jours se terminant au dernier jour de la période.',
  ],
  stickiness: ['Adhérence (DAU/MAU)', 'dau ÷ mau de la période.'],
  usage_rate: [
    'Taux d’utilisation des postes',
    'Utilisateurs actifs (30 jours se terminant au dernier jour de la période) des clients ayant des postes payants ÷ ces postes (Σ des quantités de leurs lignes d’abonnement payantes en vigueur). Par client : ses utilisateurs actifs ÷ ses postes.',
  ],
  nps: [
    'Net Promoter Score',
    '% de promoteurs (notes 9-10) − % de détracteurs (0-6) parmi les réponses NPS soumises dans la période, de −100 à 100.',
  ],
  csat: [
    'Satisfaction client',
    'Part des réponses CSAT soumises dans la période notées 4 ou 5 (sur 1-5).',
  ],
  nps_responses: [
    'Réponses NPS',
    'Réponses NPS soumises dans la période (les réponses derrière nps).',
  ],
  csat_responses: [
    'Réponses CSAT',
    'Réponses CSAT soumises dans la période (les réponses derrière csat).',
  ],
  nps_90d: [
    'Net Promoter Score (90 jours)',
    '% de promoteurs (9-10) − % de détracteurs (0-6) parmi les réponses NPS soumises dans les 90 jours se terminant au dernier jour de la période (toute la période quand elle est plus longue), de −100 à 100 ; nps_90d_responses en donne le nombre.',
  ],
  csat_90d: [
    'Satisfaction client (90 jours)',
    'Part des réponses CSAT soumises dans les 90 jours se terminant au dernier jour de la période (toute la période quand elle est plus longue) notées 4 ou 5 (sur 1-5) ; csat_90d_responses en donne le nombre.',
  ],
  nps_90d_responses: [
    'Réponses NPS (90 jours)',
    'Réponses NPS soumises dans les 90 jours se terminant au dernier jour de la période, ou dans la période quand elle est plus longue (les réponses derrière nps_90d).',
  ],
  csat_90d_responses: [
    'Réponses CSAT (90 jours)',
    'Réponses CSAT soumises dans les 90 jours se terminant au dernier jour de la période, ou dans la période quand elle est plus longue (les réponses derrière csat_90d).',
  ],
  first_response_time_hours: [
    'Délai de première réponse (médiane)',
    'Nombre médian d’heures entre la création et la première réponse, sur les tickets créés dans la période (les tickets encore sans réponse sont écartés).',
  ],
  first_response_time_hours_mean: [
    'Délai de première réponse (moyenne)',
    'Nombre moyen d’heures entre la création et la première réponse, sur les tickets créés dans la période.',
  ],
  resolution_time_hours: [
    'Délai de résolution (médiane)',
    'Nombre médian d’heures entre la création et la résolution, sur les tickets créés dans la période (les tickets non résolus sont écartés).',
  ],
  resolution_time_hours_mean: [
    'Délai de résolution (moyenne)',
    'Nombre moyen d’heures entre la création et la résolution, sur les tickets créés dans la période.',
  ],
};
