import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError, ValidationError } from '../../shared/domain/errors.ts';
import { errorResponse, type HttpResult, header } from './http.ts';

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * Whether a browser posted a plain HTML form (a site's form with no script) and will show the answer as a page:
 * a form's encoding, and an Accept naming HTML (not refused with q=0, nor below JSON). A script's fetch, curl and
 * providers ask for no page.
 */
export function postedByBrowserForm(event: APIGatewayProxyEventV2): boolean {
  const type = header(event, 'content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!FORM_TYPES.has(type)) return false;
  const accept = header(event, 'accept') ?? '';
  const page = qualityOf(accept, 'text/html');
  return page > 0 && page >= qualityOf(accept, 'application/json');
}

/** The quality an Accept header gives one media type by name (wildcards aside): 0 when unnamed or refused. */
function qualityOf(accept: string, mediaType: string): number {
  for (const range of accept.split(',')) {
    const [name, ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    if (name !== mediaType) continue;
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    const value = quality === undefined ? 1 : Number(quality.slice(2));
    return Number.isFinite(value) ? value : 0;
  }
  return 0;
}

/** Sends the browser on to a page with a GET, so reloading it cannot post the form again. */
export function seeOther(location: string): HttpResult {
  return { statusCode: 303, headers: { location, 'cache-control': 'no-store' }, body: '' };
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // Text and its own style: nothing else may load, and nobody may frame it.
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (character) => `&#${character.codePointAt(0)};`);

/** A form's field names as its page labels them, in both languages. */
export type FieldLabels = Record<string, { ar: string; en: string }>;

/**
 * Why a plain form's post was not taken, as a page in Arabic and English: each refused field by its label and
 * reason, and the way back (the browser's Back keeps what was typed). The status and Retry-After stay the API's.
 */
export function refusalPage(error: unknown, form: { url: string; labels: FieldLabels }): HttpResult {
  const answer = errorResponse(error);
  const reasons =
    error instanceof ValidationError
      ? error.fields.map(({ field, messageAr, messageEn }) => {
          const label = form.labels[field] ?? { ar: field, en: field };
          return { ar: `${label.ar}: ${messageAr}`, en: `${label.en}: ${messageEn}` };
        })
      : [
          error instanceof DomainError
            ? { ar: String(error.details?.messageAr ?? 'لم يُقبل الطلب.'), en: error.message }
            : {
                ar: 'حدث خطأ من جهتنا وسُجّل لدينا، فأعيدوا المحاولة بعد قليل.',
                en: 'Something went wrong on our side; it has been logged.',
              },
        ];
  const list = (language: 'ar' | 'en') =>
    reasons.map((reason) => `<li>${escapeHtml(reason[language])}</li>`).join('');
  const url = escapeHtml(form.url);
  return {
    statusCode: answer.statusCode,
    headers: { ...answer.headers, ...PAGE_HEADERS },
    body: `<!doctype html>
<html lang="ar" dir="rtl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>لم تُرسل رسالتك</title>
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;line-height:1.7;color:#1f2933}a{display:inline-block;min-height:44px;line-height:44px}section[lang=en]{margin-top:2rem;border-top:1px solid #ccd;padding-top:1rem}</style>
</head>
<body>
<h1>لم تُرسل رسالتك</h1>
<ul>${list('ar')}</ul>
<p>ارجع إلى الصفحة السابقة بزر الرجوع في المتصفح لتصحيح ما كتبت، أو <a href="${url}">افتح نموذج المراسلة من جديد</a>.</p>
<section lang="en" dir="ltr">
<h2>Your message was not sent</h2>
<ul>${list('en')}</ul>
<p>Go back with the browser's Back button to correct it, or <a href="${url}">open the contact form again</a>.</p>
</section>
</body>
</html>
`,
  };
}
