/**
 * The one place Handlebars is set up: every email, page (and later notice and bulletin) is rendered here, with
 * strings from one message catalogue per language. HTML escapes everything by default, including the values put
 * into catalogue strings; the plain-text variant escapes nothing, because it is never interpreted as markup.
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { formatFigure, formatPercent } from '../domain/figure-format';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type MessageKey = keyof typeof zhCN;

const CATALOGUES: Record<Locale, Record<string, string>> = { 'zh-CN': zhCN, en };
const TEMPLATE_DIR = __dirname;

export class MissingMessageError extends Error {
  constructor(key: string, locale: Locale) {
    super(`no message "${key}" in templates/i18n/${locale}.json; add it to every catalogue`);
    this.name = 'MissingMessageError';
  }
}

/** A catalogue string with `{name}` placeholders filled in; `escape` makes the values safe inside HTML. */
export function translate(
  locale: Locale,
  key: string,
  params: Record<string, unknown> = {},
  escape: (v: string) => string = (v) => v,
): string {
  const message = CATALOGUES[locale][key];
  if (message === undefined) throw new MissingMessageError(key, locale);
  return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? escape(String(params[name] ?? '')) : whole,
  );
}

/** The English form of a name where the locale is English and one exists, else the Chinese. */
export function inLocale(locale: Locale, zh: string, en: string | null | undefined): string {
  return locale === 'en' && en ? en : zh;
}

/** Whether the catalogue has `key`, for labels of open-ended sets such as audit actions. */
export function hasMessage(locale: Locale, key: string): boolean {
  return CATALOGUES[locale][key] !== undefined;
}

export function localeOf(value: string | null | undefined): Locale {
  return value === 'en' ? 'en' : 'zh-CN';
}

type Mode = 'html' | 'text';

function createEnvironment(mode: Mode): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper('t', function (this: unknown, key: string, options: Handlebars.HelperOptions) {
    const locale = (options.data?.root as { locale?: Locale } | undefined)?.locale ?? 'zh-CN';
    const text = translate(locale, key, options.hash, mode === 'html' ? hb.escapeExpression : undefined);
    return mode === 'html' ? new hb.SafeString(text) : text;
  });
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper(
    'gt',
    (a: unknown, b: unknown) => typeof a === 'number' && typeof b === 'number' && a > b,
  );
  hb.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
  hb.registerHelper('pct', (v: unknown) => formatPercent(v));
  // Scores are shown with two decimals everywhere (pages, mail subjects and bodies alike).
  hb.registerHelper('score2', (v: unknown) =>
    typeof v === 'number' && Number.isFinite(v) ? v.toFixed(2) : '—',
  );
  // A figure as its measure reads: counts whole, shares with one decimal, amounts with at most two.
  hb.registerHelper('fig', (v: unknown, measure: unknown) => formatFigure(v, measure));
  hb.registerHelper(
    'localName',
    function (this: unknown, zh: string, en: string | null, options: Handlebars.HelperOptions) {
      const locale = (options.data?.root as { locale?: Locale } | undefined)?.locale ?? 'zh-CN';
      return inLocale(locale, zh, en);
    },
  );
  hb.registerHelper('join', (v: unknown) => (Array.isArray(v) ? v.join('、') : ''));
  hb.registerHelper('isNumber', (v: unknown) => typeof v === 'number' && Number.isFinite(v));
  hb.registerHelper('add', (a: unknown, b: unknown) => Number(a) + Number(b));
  hb.registerHelper('num', (v: unknown) =>
    typeof v === 'number' && Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : '—',
  );
  const suffix = mode === 'html' ? '.hbs' : '.text.hbs';
  const partialDir = path.join(TEMPLATE_DIR, 'partials');
  for (const file of fs.readdirSync(partialDir)) {
    const isText = file.endsWith('.text.hbs');
    if (!file.endsWith(suffix) || (mode === 'html' && isText)) continue;
    hb.registerPartial(file.slice(0, -suffix.length), fs.readFileSync(path.join(partialDir, file), 'utf8'));
  }
  return hb;
}

const environments: Partial<Record<Mode, typeof Handlebars>> = {};
const compiled = new Map<string, Handlebars.TemplateDelegate>();

/** Renders `templates/<name>` (e.g. "emails/action-request.html.hbs") with `view`; compiled once per process. */
export function render(name: string, view: Record<string, unknown> & { locale: Locale }): string {
  const mode: Mode = name.endsWith('.text.hbs') ? 'text' : 'html';
  let template = compiled.get(name);
  if (!template) {
    const hb = (environments[mode] ??= createEnvironment(mode));
    template = hb.compile(fs.readFileSync(path.join(TEMPLATE_DIR, name), 'utf8'), {
      noEscape: mode === 'text',
      strict: false,
    });
    compiled.set(name, template);
  }
  return template(view);
}

/** Renders a body template, then its layout around it; layouts place the rendered body with `{{{body}}}`. */
export function renderInLayout(
  layout: string,
  name: string,
  view: Record<string, unknown> & { locale: Locale },
): string {
  return render(layout, { ...view, body: render(name, view) });
}
