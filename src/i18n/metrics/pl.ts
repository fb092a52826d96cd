import type { MetricTexts } from './texts.ts';

/** Wskaźniki po polsku: nazwa i wzór (domyślne definicje Northstar). */
export const pl: MetricTexts = {
  mrr: [
    'MRR',
    'Miesięczny przychód powtarzalny na koniec okresu: każda aktywna płatna pozycja subskrypcji przeliczona na jeden miesiąc (miesiąc ×1/interval_count, kwartał ÷3, rok ÷12, tydzień ×52/12, dzień ×365/12), razy ilość, po odjęciu rabatów, bez podatku, opłat jednorazowych i bezpłatnych okresów próbnych; pozycje za zużycie według ostatniego zakończonego okresu; przeliczony po kursie z danego dnia; suma każdego klienta zaokrąglona do najmniejszej jednostki waluty.',
  ],
  arr: ['ARR', 'Roczny przychód powtarzalny: MRR na koniec okresu × 12.'],
  new_mrr: [
    'Nowy MRR',
    'Suma MRR zyskanego od klientów, których MRR po raz pierwszy w historii wzrósł z 0 do wartości dodatniej, w dniu, w którym to nastąpiło.',
  ],
  expansion_mrr: [
    'MRR z rozszerzeń',
    'Suma wzrostów MRR płacących klientów (x → y, gdzie y > x > 0): przejścia na wyższy plan, więcej stanowisk, koniec rabatu.',
  ],
  contraction_mrr: [
    'MRR ze zmniejszeń',
    'Suma spadków MRR klientów, których MRR pozostaje dodatni (x → y, gdzie 0 < y < x): przejścia na niższy plan, mniej stanowisk, dodany rabat, anulowanie jednej z kilku subskrypcji. Wielkość dodatnia.',
  ],
  churned_mrr: [
    'Utracony MRR',
    'Suma MRR klientów, których MRR spada do 0 (domyślnie na koniec ostatniego opłaconego okresu usługi). Wielkość dodatnia.',
  ],
  reactivation_mrr: [
    'MRR z powrotów',
    'Suma MRR klientów, których MRR wraca z 0 do wartości dodatniej po wcześniejszych płatnościach.',
  ],
  net_new_mrr: [
    'MRR netto',
    'nowy + z powrotów + z rozszerzeń − ze zmniejszeń − utracony MRR. Razem z fx_impact_mrr dokładnie wyjaśnia zmianę MRR w okresie.',
  ],
  fx_impact_mrr: [
    'Wpływ kursów walut na MRR',
    'Zmiana MRR w walucie raportowania wynikająca wyłącznie ze zmian kursów walut (nigdy zmiana MRR klienta): MRR na koniec − MRR na początek − nowy MRR netto.',
  ],
  mrr_growth_rate: [
    'Tempo wzrostu MRR',
    '(MRR na koniec − MRR na początek) ÷ MRR na początek okresu.',
  ],
  customers: ['Płacący klienci', 'Klienci z MRR > 0 na koniec okresu.'],
  new_customers: [
    'Nowi klienci',
    'Różni klienci z nowym MRR w okresie (pierwsza płatność w historii).',
  ],
  churned_customers: ['Utraceni klienci', 'Różni klienci, których MRR spadł do 0 w okresie.'],
  reactivated_customers: [
    'Powracający klienci',
    'Różni klienci, którzy wrócili w okresie (z 0 po wcześniejszych płatnościach).',
  ],
  customer_churn_rate: [
    'Wskaźnik odejść klientów',
    'Klienci płacący na początku okresu, którzy odeszli w trakcie okresu ÷ klienci płacący na początku okresu. Klient, który dołączył i odszedł w tym samym okresie, nie jest liczony w liczniku.',
  ],
  customer_retention_rate: [
    'Wskaźnik utrzymania klientów',
    '(Klienci na koniec − nowi klienci − powracający klienci) ÷ klienci na początku.',
  ],
  gross_mrr_churn_rate: [
    'Utrata MRR brutto',
    '(Utracony MRR + MRR ze zmniejszeń) ÷ MRR na początek okresu.',
  ],
  net_mrr_churn_rate: [
    'Wskaźnik utraty MRR netto',
    '(Utracony + ze zmniejszeń − z rozszerzeń − z powrotów MRR) ÷ MRR na początek okresu. Ujemny, gdy rozszerzenia przewyższają straty.',
  ],
  nrr: [
    'Retencja przychodu netto',
    'MRR na koniec okresu od klientów płacących na jego początku ÷ ich MRR na początku (rozszerzenia się liczą, nowi klienci nie).',
  ],
  nrr_t12m: [
    'Retencja przychodu netto (ostatnie 12 miesięcy)',
    'MRR na koniec okresu od klientów płacących dwanaście miesięcy wcześniej ÷ ich MRR sprzed dwunastu miesięcy.',
  ],
  grr: [
    'Retencja przychodu brutto',
    'Jak NRR, lecz bez rozszerzeń: Σ po klientach płacących na początku z min(MRR na koniec, MRR na początku) ÷ ich MRR na początku. Najwyżej 100%.',
  ],
  grr_t12m: [
    'Retencja przychodu brutto (ostatnie 12 miesięcy)',
    'Σ po klientach płacących dwanaście miesięcy przed końcem okresu z min(MRR na koniec, MRR sprzed dwunastu miesięcy) ÷ ich MRR sprzed dwunastu miesięcy. Najwyżej 100%.',
  ],
  arr_growth_rate_yoy: [
    'Wzrost ARR (rok do roku)',
    '(MRR na koniec okresu − MRR sprzed dwunastu miesięcy) ÷ MRR sprzed dwunastu miesięcy: roczny wzrost przychodu powtarzalnego (ARR rośnie w tym samym tempie).',
  ],
  quick_ratio: [
    'Wskaźnik szybkości SaaS',
    '(Nowy + z rozszerzeń + z powrotów MRR) ÷ (utracony + ze zmniejszeń MRR).',
  ],
  arpa: ['ARPA', 'Średni przychód na konto: MRR ÷ płacący klienci na koniec okresu.'],
  customer_concentration: [
    'Koncentracja klientów (20% największych)',
    'Udział w MRR 20% największych płacących klientów (zaokrąglone w górę do pełnych klientów) na koniec okresu.',
  ],
  customer_concentration_hhi: [
    'Koncentracja klientów (HHI)',
    'Indeks Herfindahla-Hirschmana udziałów klientów w MRR na koniec okresu: Σ (MRR klienta ÷ łączny MRR)², od 1/liczba klientów (równy podział) do 1 (jeden klient).',
  ],
  gross_revenue: [
    'Przychód brutto',
    'Zafakturowana kwota pozycji wystawionych w okresie (wszystkie rodzaje: subskrypcja, zużycie, jednorazowe), bez podatku, po odjęciu rabatów, po zwrotach (pozycje zwrócone i anulowane się nie liczą), przeliczona po kursie z dnia wystawienia.',
  ],
  average_order_value: [
    'Średnia wartość zamówienia',
    'Przychód brutto okresu ÷ różne faktury wystawione w okresie ze statusem opłacona.',
  ],
  expansion_revenue: [
    'Przychód z rozszerzeń',
    'MRR z rozszerzeń w okresie: wzrosty MRR płacących klientów (zob. expansion_mrr).',
  ],
  arpu: [
    'ARPU',
    'Średni przychód na użytkownika: MRR na koniec okresu ÷ aktywni użytkownicy (różni użytkownicy ze zdarzeniem w ciągu 30 dni kończących się w ostatnim dniu okresu), gdy zaimportowano zdarzenia; w przeciwnym razie ÷ stanowiska (Σ ilości obowiązujących płatnych pozycji subskrypcji); w przeciwnym razie równy ARPA.',
  ],
  cac: [
    'Koszt pozyskania klienta',
    'Koszty sprzedaży i marketingu w okresie ÷ nowi klienci w okresie (łącznie). Dla kanału z --segment channel=<nazwa> lub --by channel: tylko koszty przypisane do tego kanału i klienci pozyskani tym kanałem.',
  ],
  ltv: [
    'Wartość klienta w cyklu życia',
    'ARPA × marża brutto ÷ średni miesięczny wskaźnik odejść klientów z ostatnich 6 miesięcy kończących się tym okresem (dla okresów innych niż miesiąc każdy wskaźnik przeliczony na miesięczny: 1 − (1 − wskaźnik)^(1/miesiące)). Brak wartości, gdy w tych miesiącach nikt nie odszedł.',
  ],
  ltv_simple: [
    'Wartość klienta w cyklu życia (uproszczona)',
    'ARPA × średni czas życia klienta w miesiącach, gdzie czas życia to 1 ÷ średni miesięczny wskaźnik odejść klientów z ostatnich 6 miesięcy (jak dla ltv); bez marży. Pokazywana obok ltv.',
  ],
  ltv_to_cac: ['LTV do CAC', 'ltv ÷ cac okresu.'],
  cac_payback_months: [
    'Zwrot CAC',
    'cac ÷ (ARPA nowych klientów × marża brutto), gdzie ARPA nowych klientów to nowy MRR ÷ nowi klienci okresu: liczba miesięcy zysku brutto, po których pozyskanie klienta się zwraca.',
  ],
  revenue_per_employee: [
    'Przychód na pracownika',
    'ARR na koniec okresu ÷ liczba pracowników w jego ostatnim dniu (ostatni wiersz zatrudnienia z tego dnia lub wcześniejszy).',
  ],
  renewal_rate: [
    'Wskaźnik odnowień',
    'Okresy subskrypcji, które zakończyły się w okresie i były kontynuowane ÷ wszystkie okresy, które się zakończyły. Okres kończy się przy każdej granicy rozliczeniowej płatnej pozycji (początek + k × interwał); jest kontynuowany, gdy pozycja trwa dalej lub tego dnia obowiązuje inna płatna pozycja klienta.',
  ],
  gross_margin: [
    'Marża brutto',
    '(Przychód brutto − koszty cogs) ÷ przychód brutto okresu (przychód = zafakturowana kwota bez podatku, po zwrotach).',
  ],
  net_margin: [
    'Marża netto',
    '(Przychód brutto − wszystkie koszty każdej kategorii) ÷ przychód brutto okresu.',
  ],
  burn_rate: [
    'Spalanie gotówki netto',
    'Gotówka na początku − gotówka na końcu okresu, na miesiąc (÷ liczba miesięcy okresu; miesiąc to 1): dodatnie, gdy firma spala gotówkę. Gotówka danego dnia to ostatnie saldo z tego dnia lub wcześniejsze, dla każdej waluty.',
  ],
  gross_burn: [
    'Spalanie gotówki brutto',
    'Wszystkie koszty okresu, na miesiąc (÷ liczba miesięcy okresu; miesiąc to 1).',
  ],
  runway_months: [
    'Zapas gotówki',
    'Gotówka na koniec okresu ÷ średnie miesięczne spalanie netto z ostatnich 3 miesięcy ((gotówka 3 miesiące wcześniej − gotówka teraz) ÷ 3). Brak wartości, gdy firma nie spala gotówki.',
  ],
  burn_multiple: [
    'Mnożnik spalania',
    'Spalanie netto w okresie (gotówka na początku − gotówka na końcu) ÷ nowy ARR netto w okresie (nowy MRR netto × 12). Brak wartości, gdy nowy ARR netto jest zerowy lub ujemny (wtedy stosunek nic nie mówi); ujemny, gdy gotówki przybyło.',
  ],
  rule_of_40: [
    'Reguła 40',
    'Roczne tempo wzrostu przychodu (arr_growth_rate_yoy) + marża zysku (net_margin), w punktach procentowych: 40 lub więcej spełnia regułę.',
  ],
  dso: [
    'Średni okres spływu należności',
    'Średnia liczba dni od wystawienia faktury do zapłaty, dla faktur opłaconych w okresie (faktura z kilkoma pozycjami liczy się raz).',
  ],
  employee_turnover: [
    'Rotacja pracowników',
    'Odejścia zarejestrowane w okresie ÷ średnia liczba pracowników (średnia ze stanu na początek i na koniec okresu).',
  ],
  conversion_visitor_to_signup: [
    'Konwersja odwiedzający → rejestracja',
    'Identyfikatory lejka, które weszły na etap odwiedzającego w okresie i dotarły do etapu rejestracji (do ostatniego dnia historii) ÷ identyfikatory, które weszły na etap odwiedzającego w okresie. Dla kanału z --segment channel=<nazwa> lub --by channel.',
  ],
  conversion_signup_to_trial: [
    'Konwersja rejestracja → okres próbny',
    'Identyfikatory lejka, które weszły na etap rejestracji w okresie i dotarły do etapu okresu próbnego (do ostatniego dnia historii) ÷ identyfikatory, które weszły na etap rejestracji w okresie. Dla kanału z --segment channel=<nazwa> lub --by channel.',
  ],
  conversion_trial_to_customer: [
    'Konwersja okres próbny → klient',
    'Identyfikatory lejka, które weszły na etap okresu próbnego w okresie i dotarły do etapu klienta (do ostatniego dnia historii) ÷ identyfikatory, które weszły na etap okresu próbnego w okresie. Dla kanału z --segment channel=<nazwa> lub --by channel.',
  ],
  conversion_lead_to_opportunity: [
    'Konwersja potencjalny klient → szansa sprzedaży',
    'Identyfikatory lejka, które weszły na etap potencjalnego klienta w okresie i dotarły do etapu szansy sprzedaży (do ostatniego dnia historii) ÷ identyfikatory, które weszły na etap potencjalnego klienta w okresie. Dla kanału z --segment channel=<nazwa> lub --by channel.',
  ],
  conversion_opportunity_to_customer: [
    'Konwersja szansa sprzedaży → klient',
    'Identyfikatory lejka, które weszły na etap szansy sprzedaży w okresie i dotarły do etapu klienta (do ostatniego dnia historii) ÷ identyfikatory, które weszły na etap szansy sprzedaży w okresie. Dla kanału z --segment channel=<nazwa> lub --by channel.',
  ],
  conversion_lead_to_customer: [
    'Konwersja potencjalny klient → klient',
    'Identyfikatory lejka, które weszły na etap potencjalnego klienta w okresie i dotarły do etapu klienta (do ostatniego dnia historii) ÷ identyfikatory, które weszły na etap potencjalnego klienta w okresie. Dla kanału z --segment channel=<nazwa> lub --by channel.',
  ],
  sales_cycle_days: [
    'Cykl sprzedaży',
    'Mediana liczby dni od etapu potencjalnego klienta (a bez niego od etapu szansy sprzedaży) do etapu klienta, dla identyfikatorów lejka, które stały się klientami w okresie.',
  ],
  activation_rate: [
    'Wskaźnik aktywacji',
    'Rejestracje w okresie (etapy rejestracji w lejku; bez nich klienci według created_at), których klient wykonał zdarzenie aktywacji (ustawienie przestrzeni roboczej activationEvent, domyślnie „activated”) ÷ rejestracje w okresie.',
  ],
  time_to_activation_days: [
    'Czas do aktywacji',
    'Mediana liczby dni od rejestracji do pierwszego zdarzenia aktywacji klienta, dla rejestracji z okresu, które zostały aktywowane.',
  ],
  dau: [
    'Dzienni aktywni użytkownicy',
    'Średnia z dni okresu (do dziś) liczby różnych użytkowników z co najmniej jednym zdarzeniem danego dnia; użytkownik to para (customer_id, user_id).',
  ],
  mau: [
    'Miesięczni aktywni użytkownicy',
    'Różni użytkownicy z co najmniej jednym zdarzeniem w ciągu 30 dni kończących się w ostatnim dniu okresu.',
  ],
  stickiness: ['Przywiązanie (DAU/MAU)', 'dau ÷ mau okresu.'],
  usage_rate: [
    'Wykorzystanie stanowisk',
    'Aktywni użytkownicy (30 dni kończących się w ostatnim dniu okresu) klientów z płatnymi stanowiskami ÷ te stanowiska (Σ ilości ich obowiązujących płatnych pozycji subskrypcji). Dla klienta: jego aktywni użytkownicy ÷ jego stanowiska.',
  ],
  nps: [
    'Net Promoter Score',
    '% promotorów (oceny 9-10) − % krytyków (0-6) wśród odpowiedzi NPS złożonych w okresie, od −100 do 100.',
  ],
  csat: [
    'Zadowolenie klientów',
    'Udział odpowiedzi CSAT złożonych w okresie z oceną 4 lub 5 (w skali 1-5).',
  ],
  nps_responses: [
    'Odpowiedzi NPS',
    'Odpowiedzi NPS złożone w okresie (odpowiedzi, z których wynika nps).',
  ],
  csat_responses: [
    'Odpowiedzi CSAT',
    'Odpowiedzi CSAT złożone w okresie (odpowiedzi, z których wynika csat).',
  ],
  nps_90d: [
    'Net Promoter Score (90 dni)',
    '% promotorów (9-10) − % krytyków (0-6) wśród odpowiedzi NPS złożonych w ciągu 90 dni kończących się w ostatnim dniu okresu (w całym okresie, gdy jest dłuższy), od −100 do 100; nps_90d_responses podaje ich liczbę.',
  ],
  csat_90d: [
    'Zadowolenie klientów (90 dni)',
    'Udział odpowiedzi CSAT złożonych w ciągu 90 dni kończących się w ostatnim dniu okresu (w całym okresie, gdy jest dłuższy) z oceną 4 lub 5 (w skali 1-5); csat_90d_responses podaje ich liczbę.',
  ],
  nps_90d_responses: [
    'Odpowiedzi NPS (90 dni)',
    'Odpowiedzi NPS złożone w ciągu 90 dni kończących się w ostatnim dniu okresu lub w okresie, gdy jest dłuższy (odpowiedzi, z których wynika nps_90d).',
  ],
  csat_90d_responses: [
    'Odpowiedzi CSAT (90 dni)',
    'Odpowiedzi CSAT złożone w ciągu 90 dni kończących się w ostatnim dniu okresu lub w okresie, gdy jest dłuższy (odpowiedzi, z których wynika csat_90d).',
  ],
  first_response_time_hours: [
    'Czas pierwszej odpowiedzi (mediana)',
    'Mediana liczby godzin od utworzenia do pierwszej odpowiedzi dla zgłoszeń utworzonych w okresie (zgłoszenia jeszcze bez odpowiedzi są pomijane).',
  ],
  first_response_time_hours_mean: [
    'Czas pierwszej odpowiedzi (średnia)',
    'Średnia liczba godzin od utworzenia do pierwszej odpowiedzi dla zgłoszeń utworzonych w okresie.',
  ],
  resolution_time_hours: [
    'Czas rozwiązania (mediana)',
    'Mediana liczby godzin od utworzenia do rozwiązania dla zgłoszeń utworzonych w okresie (nierozwiązane zgłoszenia są pomijane).',
  ],
  resolution_time_hours_mean: [
    'Czas rozwiązania (średnia)',
    'Średnia liczba godzin od utworzenia do rozwiązania dla zgłoszeń utworzonych w okresie.',
  ],
};
