import type { FastifyRequest } from 'fastify';
import { DEFAULT_LOCALE, languageOf, requestLocale } from '../i18n/index.ts';
import { Type } from './typebox.ts';

/** `?locale=` on any route that words things for people (labels, formulas, sentences). */
export const LocaleQuerySchema = Type.Object({
  locale: Type.Optional(
    Type.String({
      maxLength: 35,
      description:
        'BCP 47 language tag for the texts and amounts (en, fr, pl, de; others read English); default: the Accept-Language header',
    }),
  ),
});

/** The locale a request asks for: `?locale=`, else Accept-Language, else English. */
export function localeOf(request: FastifyRequest): string {
  const query = request.query as { locale?: unknown } | undefined;
  const param = typeof query?.locale === 'string' ? query.locale : undefined;
  const header = request.headers['accept-language'];
  return requestLocale(param, typeof header === 'string' ? header : undefined);
}

/**
 * The catalogue language of a request, undefined for English: what a cached answer whose
 * only words are catalogue messages varies by (English shares the warmed-up default entry).
 */
export function wordingLanguage(request: FastifyRequest): string | undefined {
  const language = languageOf(localeOf(request));
  return language === 'en' ? undefined : language;
}

/**
 * The whole locale of a request, undefined for the default (en-US): what a cached answer
 * with amounts formatted for people varies by (the insight sentences).
 */
export function formattingLocale(request: FastifyRequest): string | undefined {
  const locale = localeOf(request);
  return locale === DEFAULT_LOCALE ? undefined : locale;
}
