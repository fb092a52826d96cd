import type { MetricTexts } from './texts.ts';

/** Die Kennzahlen auf Deutsch: Name und Formel (Standarddefinitionen von Northstar). */
export const de: MetricTexts = {
  mrr: [
    'MRR',
    'Monatlich wiederkehrender Umsatz am Ende des Zeitraums: jede aktive bezahlte Abonnementposition auf einen Monat umgerechnet (Monat ×1/interval_count, Quartal ÷3, Jahr ÷12, Woche ×52/12, Tag ×365/12), mal Menge, abzüglich Rabatten, ohne Steuern, Einmalgebühren und kostenlose Testphasen; Nutzungspositionen mit ihrem letzten abgeschlossenen Zeitraum; zum Wechselkurs des Tages umgerechnet; die Summe jedes Kunden auf die kleinste Währungseinheit gerundet.',
  ],
  arr: ['ARR', 'Jährlich wiederkehrender Umsatz: MRR am Ende des Zeitraums × 12.'],
  new_mrr: [
    'Neuer MRR',
    'Summe des MRR von Kunden, deren MRR zum allerersten Mal von 0 auf einen positiven Wert steigt, am Tag, an dem das geschieht.',
  ],
  expansion_mrr: [
    'Erweiterungs-MRR',
    'Summe der Erhöhungen des MRR zahlender Kunden (x → y mit y > x > 0): Upgrades, mehr Plätze, ein auslaufender Rabatt.',
  ],
  contraction_mrr: [
    'Verringerungs-MRR',
    'Summe der Senkungen des MRR von Kunden, deren MRR positiv bleibt (x → y mit 0 < y < x): Downgrades, weniger Plätze, ein neuer Rabatt, eines von mehreren gekündigten Abonnements. Ein positiver Betrag.',
  ],
  churned_mrr: [
    'Abgewanderter MRR',
    'Summe des MRR von Kunden, deren MRR auf 0 fällt (standardmäßig am Ende ihres letzten bezahlten Leistungszeitraums). Ein positiver Betrag.',
  ],
  reactivation_mrr: [
    'Reaktivierungs-MRR',
    'Summe des MRR von Kunden, deren MRR von 0 wieder auf einen positiven Wert steigt, nachdem sie früher schon gezahlt haben.',
  ],
  net_new_mrr: [
    'Netto-Neu-MRR',
    'neu + Reaktivierung + Erweiterung − Verringerung − abgewanderter MRR. Zusammen mit fx_impact_mrr erklärt er genau die Veränderung des MRR im Zeitraum.',
  ],
  fx_impact_mrr: [
    'Wechselkurseffekt auf den MRR',
    'Veränderung des MRR in Berichtswährung, die allein durch Wechselkursbewegungen entsteht (nie eine Kundenbewegung): MRR am Ende − MRR am Anfang − Netto-Neu-MRR.',
  ],
  mrr_growth_rate: [
    'MRR-Wachstumsrate',
    '(MRR am Ende − MRR am Anfang) ÷ MRR am Anfang des Zeitraums.',
  ],
  customers: ['Zahlende Kunden', 'Kunden mit MRR > 0 am Ende des Zeitraums.'],
  new_customers: [
    'Neukunden',
    'Verschiedene Kunden mit neuem MRR im Zeitraum (allererste Zahlung).',
  ],
  churned_customers: [
    'Abgewanderte Kunden',
    'Verschiedene Kunden, deren MRR im Zeitraum auf 0 gefallen ist.',
  ],
  reactivated_customers: [
    'Reaktivierte Kunden',
    'Verschiedene Kunden, die im Zeitraum zurückgekehrt sind (von 0, nachdem sie früher schon gezahlt haben).',
  ],
  customer_churn_rate: [
    'Kundenabwanderungsrate',
    'Kunden, die zu Beginn des Zeitraums zahlten und im Zeitraum abgewandert sind ÷ zu Beginn des Zeitraums zahlende Kunden. Ein Kunde, der im selben Zeitraum kommt und geht, zählt nicht im Zähler.',
  ],
  customer_retention_rate: [
    'Kundenbindungsrate',
    '(Kunden am Ende − Neukunden − reaktivierte Kunden) ÷ Kunden am Anfang.',
  ],
  gross_mrr_churn_rate: [
    'Brutto-MRR-Abwanderung',
    '(Abgewanderter MRR + Verringerungs-MRR) ÷ MRR am Anfang des Zeitraums.',
  ],
  net_mrr_churn_rate: [
    'Netto-MRR-Abwanderungsrate',
    '(Abgewanderter + Verringerungs- − Erweiterungs- − Reaktivierungs-MRR) ÷ MRR am Anfang des Zeitraums. Negativ, wenn die Erweiterungen die Verluste übersteigen.',
  ],
  nrr: [
    'Netto-Umsatzbindung',
    'MRR am Ende des Zeitraums der zu seinem Beginn zahlenden Kunden ÷ ihr MRR am Anfang (Erweiterungen zählen, Neukunden nicht).',
  ],
  nrr_t12m: [
    'Netto-Umsatzbindung (letzte 12 Monate)',
    'MRR am Ende des Zeitraums der Kunden, die zwölf Monate früher zahlten ÷ ihr MRR zwölf Monate früher.',
  ],
  grr: [
    'Brutto-Umsatzbindung',
    'Wie NRR ohne Erweiterungen: Σ über die zu Beginn zahlenden Kunden von min(MRR am Ende, MRR am Anfang) ÷ ihr MRR am Anfang. Höchstens 100 %.',
  ],
  grr_t12m: [
    'Brutto-Umsatzbindung (letzte 12 Monate)',
    'Σ über die Kunden, die zwölf Monate vor dem Ende des Zeitraums zahlten, von min(MRR am Ende, MRR zwölf Monate früher) ÷ ihr MRR zwölf Monate früher. Höchstens 100 %.',
  ],
  arr_growth_rate_yoy: [
    'ARR-Wachstum (gegenüber Vorjahr)',
    '(MRR am Ende des Zeitraums − MRR zwölf Monate früher) ÷ MRR zwölf Monate früher: das Jahreswachstum des wiederkehrenden Umsatzes (der ARR wächst mit derselben Rate).',
  ],
  quick_ratio: [
    'SaaS-Quick-Ratio',
    '(Neuer + Erweiterungs- + Reaktivierungs-MRR) ÷ (abgewanderter + Verringerungs-MRR).',
  ],
  arpa: [
    'ARPA',
    'Durchschnittlicher Umsatz pro Kundenkonto: MRR ÷ zahlende Kunden am Ende des Zeitraums.',
  ],
  customer_concentration: [
    'Kundenkonzentration (Top 20 %)',
    'Anteil des MRR der größten 20 % der zahlenden Kunden (auf ganze Kunden aufgerundet) am Ende des Zeitraums.',
  ],
  customer_concentration_hhi: [
    'Kundenkonzentration (HHI)',
    'Herfindahl-Hirschman-Index der MRR-Anteile der Kunden am Ende des Zeitraums: Σ (MRR des Kunden ÷ gesamter MRR)², von 1/Kundenzahl (gleich verteilt) bis 1 (ein einziger Kunde).',
  ],
  gross_revenue: [
    'Bruttoumsatz',
    'Rechnungsbetrag der im Zeitraum ausgestellten Positionen (alle Arten: Abonnement, Nutzung, einmalig), ohne Steuern, abzüglich Positionsrabatten, nach Erstattungen (erstattete und stornierte Positionen zählen nicht), zum Kurs des Ausstellungstages umgerechnet.',
  ],
  average_order_value: [
    'Durchschnittlicher Bestellwert',
    'Bruttoumsatz des Zeitraums ÷ verschiedene im Zeitraum ausgestellte Rechnungen mit Status bezahlt.',
  ],
  expansion_revenue: [
    'Erweiterungsumsatz',
    'Erweiterungs-MRR im Zeitraum: die Erhöhungen des MRR zahlender Kunden (siehe expansion_mrr).',
  ],
  arpu: [
    'ARPU',
    'Durchschnittlicher Umsatz pro Nutzer: MRR am Ende des Zeitraums ÷ aktive Nutzer (verschiedene Nutzer mit einem Ereignis in den 30 Tagen bis zu seinem letzten Tag), wenn Ereignisse importiert sind; sonst ÷ Plätze (Σ Menge der geltenden bezahlten Abonnementpositionen); sonst gleich dem ARPA.',
  ],
  cac: [
    'Kundenakquisitionskosten',
    'Vertriebs- und Marketingkosten des Zeitraums ÷ Neukunden des Zeitraums (gesamt). Pro Kanal mit --segment channel=<Name> oder --by channel: nur die Kosten dieses Kanals und die über ihn gewonnenen Kunden.',
  ],
  ltv: [
    'Kundenlebenszeitwert',
    'ARPA × Bruttomarge ÷ die mittlere monatliche Kundenabwanderungsrate der letzten 6 Monate bis einschließlich des Zeitraums (bei anderen Zeiträumen als Monaten wird jede Abwanderungsrate in eine monatliche umgerechnet: 1 − (1 − Rate)^(1/Monate)). Kein Wert, wenn in diesen Monaten niemand abgewandert ist.',
  ],
  ltv_simple: [
    'Kundenlebenszeitwert (einfach)',
    'ARPA × durchschnittliche Kundenlebensdauer in Monaten, wobei die Lebensdauer 1 ÷ die mittlere monatliche Kundenabwanderungsrate der letzten 6 Monate ist (wie bei ltv); ohne Marge. Neben ltv angezeigt.',
  ],
  ltv_to_cac: ['LTV zu CAC', 'ltv ÷ cac des Zeitraums.'],
  cac_payback_months: [
    'CAC-Amortisation',
    'cac ÷ (ARPA der Neukunden × Bruttomarge), wobei der ARPA der Neukunden der neue MRR ÷ die Neukunden des Zeitraums ist: die Monate an Rohertrag, nach denen sich die Gewinnung eines Kunden bezahlt macht.',
  ],
  revenue_per_employee: [
    'Umsatz pro Mitarbeiter',
    'ARR am Ende des Zeitraums ÷ Mitarbeiter an seinem letzten Tag (die letzte Personalzeile an oder vor diesem Tag).',
  ],
  renewal_rate: [
    'Verlängerungsrate',
    'Abonnementlaufzeiten, die im Zeitraum endeten und fortgesetzt wurden ÷ alle Laufzeiten, die endeten. Eine Laufzeit endet an jeder Abrechnungsgrenze einer bezahlten Position (Beginn + k × Intervall); sie gilt als fortgesetzt, wenn die Position weiterläuft oder an diesem Tag eine andere bezahlte Position des Kunden gilt.',
  ],
  gross_margin: [
    'Bruttomarge',
    '(Bruttoumsatz − Kosten der Kategorie cogs) ÷ Bruttoumsatz des Zeitraums (Umsatz = Rechnungsbetrag ohne Steuern, nach Erstattungen).',
  ],
  net_margin: [
    'Nettomarge',
    '(Bruttoumsatz − alle Kosten jeder Kategorie) ÷ Bruttoumsatz des Zeitraums.',
  ],
  burn_rate: [
    'Netto-Mittelabfluss',
    'Kontostand am Anfang − Kontostand am Ende des Zeitraums, pro Monat (÷ die Monate, die der Zeitraum umfasst; ein Monat ist 1): positiv, wenn Geld verbraucht wird. Der Kontostand eines Tages ist der letzte Saldo an oder vor diesem Tag, je Währung.',
  ],
  gross_burn: [
    'Brutto-Mittelabfluss',
    'Alle Kosten des Zeitraums, pro Monat (÷ die Monate, die der Zeitraum umfasst; ein Monat ist 1).',
  ],
  runway_months: [
    'Finanzierungsreichweite',
    'Kontostand am Ende des Zeitraums ÷ durchschnittlicher monatlicher Netto-Mittelabfluss der letzten 3 Monate ((Kontostand vor 3 Monaten − Kontostand jetzt) ÷ 3). Kein Wert, wenn kein Geld verbraucht wird.',
  ],
  burn_multiple: [
    'Burn-Multiple',
    'Netto-Mittelabfluss des Zeitraums (Kontostand am Anfang − Kontostand am Ende) ÷ Netto-Neu-ARR des Zeitraums (Netto-Neu-MRR × 12). Kein Wert, wenn der Netto-Neu-ARR null oder negativ ist (das Verhältnis sagt dann nichts aus); negativ, wenn der Kontostand gestiegen ist.',
  ],
  rule_of_40: [
    '40-Prozent-Regel',
    'Umsatzwachstum gegenüber Vorjahr (arr_growth_rate_yoy) + Gewinnmarge (net_margin), in Prozentpunkten: 40 oder mehr erfüllt die Regel.',
  ],
  dso: [
    'Forderungslaufzeit',
    'Durchschnittliche Tage von der Rechnungsstellung bis zur Zahlung, über die im Zeitraum bezahlten Rechnungen (eine Rechnung mit mehreren Positionen zählt einmal).',
  ],
  employee_turnover: [
    'Mitarbeiterfluktuation',
    'Im Zeitraum erfasste Abgänge ÷ durchschnittliche Mitarbeiterzahl (Mittel aus dem Personalstand an seinem Anfang und an seinem Ende).',
  ],
  conversion_visitor_to_signup: [
    'Konversion Besucher → Registrierung',
    'Trichter-IDs, die im Zeitraum in die Besucherstufe eintraten und die Registrierungsstufe erreichten (bis zum letzten Tag der Historie) ÷ IDs, die im Zeitraum in die Besucherstufe eintraten. Pro Kanal mit --segment channel=<Name> oder --by channel.',
  ],
  conversion_signup_to_trial: [
    'Konversion Registrierung → Testphase',
    'Trichter-IDs, die im Zeitraum in die Registrierungsstufe eintraten und die Testphasenstufe erreichten (bis zum letzten Tag der Historie) ÷ IDs, die im Zeitraum in die Registrierungsstufe eintraten. Pro Kanal mit --segment channel=<Name> oder --by channel.',
  ],
  conversion_trial_to_customer: [
    'Konversion Testphase → Kunde',
    'Trichter-IDs, die im Zeitraum in die Testphasenstufe eintraten und die Kundenstufe erreichten (bis zum letzten Tag der Historie) ÷ IDs, die im Zeitraum in die Testphasenstufe eintraten. Pro Kanal mit --segment channel=<Name> oder --by channel.',
  ],
  conversion_lead_to_opportunity: [
    'Konversion Interessent → Verkaufschance',
    'Trichter-IDs, die im Zeitraum in die Interessentenstufe eintraten und die Verkaufschancenstufe erreichten (bis zum letzten Tag der Historie) ÷ IDs, die im Zeitraum in die Interessentenstufe eintraten. Pro Kanal mit --segment channel=<Name> oder --by channel.',
  ],
  conversion_opportunity_to_customer: [
    'Konversion Verkaufschance → Kunde',
    'Trichter-IDs, die im Zeitraum in die Verkaufschancenstufe eintraten und die Kundenstufe erreichten (bis zum letzten Tag der Historie) ÷ IDs, die im Zeitraum in die Verkaufschancenstufe eintraten. Pro Kanal mit --segment channel=<Name> oder --by channel.',
  ],
  conversion_lead_to_customer: [
    'Konversion Interessent → Kunde',
    'Trichter-IDs, die im Zeitraum in die Interessentenstufe eintraten und die Kundenstufe erreichten (bis zum letzten Tag der Historie) ÷ IDs, die im Zeitraum in die Interessentenstufe eintraten. Pro Kanal mit --segment channel=<Name> oder --by channel.',
  ],
  sales_cycle_days: [
    'Verkaufszyklus',
    'Median der Tage von der Interessentenstufe (ohne sie von der Verkaufschancenstufe) bis zur Kundenstufe, über die Trichter-IDs, die im Zeitraum Kunden wurden.',
  ],
  activation_rate: [
    'Aktivierungsrate',
    'Registrierungen des Zeitraums (Registrierungsstufen des Trichters; ohne sie Kunden nach created_at), deren Kunde das Aktivierungsereignis ausgelöst hat (Einstellung activationEvent des Arbeitsbereichs, standardmäßig „activated“) ÷ Registrierungen des Zeitraums.',
  ],
  time_to_activation_days: [
    'Zeit bis zur Aktivierung',
    'Median der Tage von der Registrierung bis zum ersten Aktivierungsereignis des Kunden, über die aktivierten Registrierungen des Zeitraums.',
  ],
  dau: [
    'Täglich aktive Nutzer',
    'Durchschnitt über die Tage des Zeitraums (bis heute) der verschiedenen Nutzer mit mindestens einem Ereignis an diesem Tag; ein Nutzer ist ein Paar (customer_id, user_id).',
  ],
  mau: [
    'Monatlich aktive Nutzer',
    'Verschiedene Nutzer mit mindestens einem Ereignis in den 30 Tagen bis zum letzten Tag des Zeitraums.',
  ],
  stickiness: ['Nutzungsbindung (DAU/MAU)', 'dau ÷ mau des Zeitraums.'],
  usage_rate: [
    'Platznutzungsrate',
    'Aktive Nutzer (30 Tage bis zum letzten Tag des Zeitraums) der Kunden mit bezahlten Plätzen ÷ diese Plätze (Σ Menge ihrer geltenden bezahlten Abonnementpositionen). Pro Kunde: seine aktiven Nutzer ÷ seine Plätze.',
  ],
  nps: [
    'Net Promoter Score',
    '% Promotoren (Bewertungen 9-10) − % Kritiker (0-6) unter den im Zeitraum abgegebenen NPS-Antworten, von −100 bis 100.',
  ],
  csat: [
    'Kundenzufriedenheit',
    'Anteil der im Zeitraum abgegebenen CSAT-Antworten mit 4 oder 5 (auf einer Skala von 1-5).',
  ],
  nps_responses: [
    'NPS-Antworten',
    'Im Zeitraum abgegebene NPS-Antworten (die Antworten hinter nps).',
  ],
  csat_responses: [
    'CSAT-Antworten',
    'Im Zeitraum abgegebene CSAT-Antworten (die Antworten hinter csat).',
  ],
  nps_90d: [
    'Net Promoter Score (90 Tage)',
    '% Promotoren (9-10) − % Kritiker (0-6) unter den NPS-Antworten, die in den 90 Tagen bis zum letzten Tag des Zeitraums abgegeben wurden (im ganzen Zeitraum, wenn er länger ist), von −100 bis 100; nps_90d_responses nennt ihre Zahl.',
  ],
  csat_90d: [
    'Kundenzufriedenheit (90 Tage)',
    'Anteil der CSAT-Antworten, die in den 90 Tagen bis zum letzten Tag des Zeitraums abgegeben wurden (im ganzen Zeitraum, wenn er länger ist), mit 4 oder 5 (auf einer Skala von 1-5); csat_90d_responses nennt ihre Zahl.',
  ],
  nps_90d_responses: [
    'NPS-Antworten (90 Tage)',
    'NPS-Antworten, die in den 90 Tagen bis zum letzten Tag des Zeitraums abgegeben wurden, oder im Zeitraum, wenn er länger ist (die Antworten hinter nps_90d).',
  ],
  csat_90d_responses: [
    'CSAT-Antworten (90 Tage)',
    'CSAT-Antworten, die in den 90 Tagen bis zum letzten Tag des Zeitraums abgegeben wurden, oder im Zeitraum, wenn er länger ist (die Antworten hinter csat_90d).',
  ],
  first_response_time_hours: [
    'Erste Antwortzeit (Median)',
    'Median der Stunden von der Erstellung bis zur ersten Antwort über die im Zeitraum erstellten Tickets (noch unbeantwortete Tickets bleiben außen vor).',
  ],
  first_response_time_hours_mean: [
    'Erste Antwortzeit (Mittelwert)',
    'Mittlere Stunden von der Erstellung bis zur ersten Antwort über die im Zeitraum erstellten Tickets.',
  ],
  resolution_time_hours: [
    'Lösungszeit (Median)',
    'Median der Stunden von der Erstellung bis zur Lösung über die im Zeitraum erstellten Tickets (ungelöste Tickets bleiben außen vor).',
  ],
  resolution_time_hours_mean: [
    'Lösungszeit (Mittelwert)',
    'Mittlere Stunden von der Erstellung bis zur Lösung über die im Zeitraum erstellten Tickets.',
  ],
};
