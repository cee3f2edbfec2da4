// OneEntry-shaped answers for the shop modules (Products, Users, Forms, FormsData, Pages,
// Discounts, Blocks, plus the templates and sign-in the SDK calls on its own), built from the
// emulator's fixture draft (oneentry-emulator/fixtures/shop.json). The shapes follow the
// SDK's TypeScript declarations and validation schemas, so the SDK's post-processing runs as it
// would against a real project; see docs/wire-shop.md for what is observed and what is assumed.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const fixture = JSON.parse(fs.readFileSync(
  path.join(__dirname, '../../oneentry-emulator/fixtures/shop.json'), 'utf8'));
const LANGS = fixture.languages;
const USER = 'your-user@email.com';

// A value of the fixture may be language-keyed ({"en_US": ..}) or plain.
function tr(value, lang) {
  if (value && typeof value === 'object' && !Array.isArray(value) && LANGS.some((l) => l in value)) {
    return value[lang] ?? value.en_US;
  }
  return value;
}
// With a language the API answers that language's text; without one, every language keyed.
function localized(build, lang) {
  return lang ? build(lang) : Object.fromEntries(LANGS.map((l) => [l, build(l)]));
}
// A `text` attribute travels as rich text; the fixture writes only its words.
function attributeValue(a, lang) {
  const value = tr(a.value, lang);
  if (a.type !== 'text') return value;
  return { htmlValue: `<p>${value}</p>`, plainValue: value, params: { isEditorDisabled: false, isImageCompressed: true } };
}
function attributeValues(attributes, lang) {
  return localized((l) => Object.fromEntries(Object.entries(attributes || {}).map(([marker, a], i) => [
    marker, { type: a.type, value: attributeValue(a, l), position: i + 1, isIcon: false, isProductPreview: false, additionalFields: [] },
  ])), lang);
}
function page(url) { return fixture.pages.find((p) => p.pageUrl === url); }
function status(id) { return fixture.productStatuses.find((s) => s.identifier === id); }

function product(p, lang) {
  const price = Number(p.price);
  return {
    id: p.id,
    localizeInfos: localized((l) => ({ title: tr(p.title, l) }), lang),
    statusIdentifier: p.status,
    statusLocalizeInfos: localized((l) => ({ title: tr(status(p.status).title, l) }), lang),
    attributeSetIdentifier: 'product',
    position: p.position,
    // A JSON number: the SDK's strict schema refuses a string here (docs/wire-shop.md#prices).
    price,
    additional: { prices: { min: price, max: price } },
    sku: p.sku,
    isSync: true,
    attributeValues: attributeValues(p.attributes, lang),
    categories: p.pages.map((url) => `catalog/${url}`),
    isVisible: true,
    moduleFormConfigs: [],
    rating: { value: 0, like: 0, dislike: 0, method: 'average' },
    templateIdentifier: 'product_template',
    shortDescTemplateIdentifier: null,
    productPages: p.pages.map((url, i) => ({ id: p.id * 10 + i, pageId: page(url).id, productId: p.id, positionId: p.position, categoryPath: `catalog/${url}` })),
    blocks: p.blocks || [],
    isPositionLocked: false,
    relatedIds: p.relatedIds,
    paymentStages: null,
    discountConfig: {},
  };
}

function matches(p, filters) {
  return (filters || []).every((f) => {
    if (f.statusMarker && p.status !== f.statusMarker) return false;
    if (f.pageUrls && f.pageUrls.length && !p.pages.some((u) => f.pageUrls.includes(u))) return false;
    if (f.attributeMarker === 'price' && f.conditionMarker === 'mth') return Number(p.price) > Number(f.conditionValue);
    if (f.attributeMarker === 'price' && f.conditionMarker === 'lth') return Number(p.price) < Number(f.conditionValue);
    return true;
  });
}
function paged(list, q) {
  const offset = Number(q.get('offset') || 0);
  const limit = Number(q.get('limit') || 30);
  return { items: list.slice(offset, offset + limit), total: list.length };
}
function productList(list, q, lang) {
  const byStatus = q.get('statusMarker') ? list.filter((p) => p.status === q.get('statusMarker')) : list;
  const sorted = q.get('sortKey') === 'price'
    ? [...byStatus].sort((a, b) => (Number(a.price) - Number(b.price)) * (q.get('sortOrder') === 'DESC' ? -1 : 1))
    : byStatus;
  const result = paged(sorted, q);
  return { items: result.items.map((p) => product(p, lang)), total: result.total };
}
function filterOf(body) {
  if (Array.isArray(body)) return body;
  return body && Array.isArray(body.filter) ? body.filter : [];
}
function onPage(url, nested) {
  const urls = [url, ...(nested ? fixture.pages.filter((p) => p.parent === url).map((p) => p.pageUrl) : [])];
  return fixture.products.filter((p) => p.pages.some((u) => urls.includes(u)));
}
function counts(url, body) {
  const filters = filterOf(body);
  const all = fixture.products.filter((p) => matches(p, filters));
  return {
    totalAll: all.length,
    totalInCategory: url ? onPage(url, false).filter((p) => matches(p, filters)).length : all.length,
    totalInCategoryWithNested: url ? onPage(url, true).filter((p) => matches(p, filters)).length : all.length,
  };
}

function template(identifier) {
  const t = fixture.templates.find((x) => x.identifier === identifier);
  return t && { id: t.id, attributeSetIdentifier: null, title: t.title, generalTypeId: t.id, identifier: t.identifier, version: 0, generalTypeName: t.generalTypeName, attributeValues: {}, position: t.id };
}
function pageEntity(p, lang) {
  const parent = p.parent && page(p.parent);
  const config = Object.fromEntries(Object.entries(p.config || {}).filter(([, v]) => typeof v === 'number'));
  return {
    id: p.id, parentId: parent ? parent.id : null, pageUrl: p.pageUrl, depth: parent ? 1 : 0,
    localizeInfos: localized((l) => ({
      title: tr(p.title, l), menuTitle: tr(p.menuTitle || p.title, l),
      htmlContent: tr(p.html, l) || '', plainContent: (tr(p.html, l) || '').replace(/<[^>]+>/g, ''),
    }), lang),
    isVisible: true, type: p.type, templateIdentifier: p.template, attributeSetIdentifier: 'page',
    attributeValues: {}, moduleFormConfigs: [], isSync: true, position: p.position, config,
    products: onPage(p.pageUrl, false).length,
    childrenCount: String(fixture.pages.filter((c) => c.parent === p.pageUrl).length),
    categoryPath: parent ? `${parent.pageUrl}/${p.pageUrl}` : p.pageUrl,
    blocks: p.blocks,
  };
}

function blockEntity(b, lang) {
  return {
    id: b.id, attributeSetIdentifier: null, localizeInfos: localized((l) => ({ title: tr(b.title, l) }), lang),
    version: 0, position: b.position, identifier: b.identifier, type: b.type, templateIdentifier: null,
    isVisible: true, isSync: true, attributeValues: attributeValues(b.attributes, lang),
    customSettings: {
      sliderDelay: null, sliderDelayType: null,
      productConfig: b.productConfig || { quantity: 0, countElementsPerRow: 0 },
      similarProductRules: b.similarRule ? [b.similarRule] : [], condition: {},
      frequentlyOrderedConfig: b.frequentlyOrdered ? { enabled: true } : null,
    },
    productPageUrls: [],
  };
}
function block(marker) { return fixture.blocks.find((b) => b.identifier === marker); }
function blockProducts(b) {
  if (b.products) return b.products.map((id) => fixture.products.find((p) => p.id === id));
  if (b.type === 'similar_products_block') return fixture.products.filter((p) => p.attributes.color && tr(p.attributes.color.value, 'en_US') === 'Black');
  return [];
}

function formEntity(f, lang) {
  return {
    id: f.id, attributeSetId: f.id, type: f.type,
    localizeInfos: localized((l) => ({ title: tr(f.title, l), titleForSite: tr(f.title, l), successMessage: tr(f.successMessage, l), unsuccessMessage: '', urlAddress: '', database: '0', script: '0' }), lang),
    version: 0, position: f.position, identifier: f.identifier, processingType: f.processingType, templateId: null,
    attributes: f.attributes.map((a) => ({
      marker: a.marker, type: a.type, position: a.position, isVisible: true,
      localizeInfos: localized((l) => ({ title: tr(a.title, l) }), lang),
      initialValue: null, listTitles: [], validators: a.required ? { requiredValidator: { strict: true } } : {},
      settings: {}, additionalFields: [], isLogin: null, isSignUp: null, isPassword: false, isSignUpRequired: false,
      isNotificationEmail: null, isNotificationPhonePush: null, isNotificationPhoneSMS: null,
    })),
    moduleFormConfigs: [{ id: f.moduleFormConfigId, formIdentifier: f.identifier, moduleIdentifier: 'content', isGlobal: false, isClosed: false, entityIdentifiers: [{ id: f.entityIdentifier, isNested: false }] }],
  };
}
function formDataEntity(d) {
  const f = fixture.forms.find((x) => x.identifier === d.form);
  return {
    id: d.id, parentId: null, formIdentifier: d.form, depth: 0, ip: d.ip, fingerprint: d.fingerprint, status: d.status,
    userIdentifier: d.user, formData: d.formData, attributeSetIdentifier: null, time: d.time,
    entityIdentifier: f.entityIdentifier, isUserAdmin: false, formModuleConfigId: f.moduleFormConfigId,
    moduleIdentifier: 'content', entityId: d.entityId ?? 0,
  };
}

function discountEntity(d, lang) {
  return {
    id: d.id, attributeSetId: null, localizeInfos: localized((l) => ({ title: tr(d.title, l) }), lang), version: 0,
    identifier: d.identifier, type: d.type, startDate: d.startDate, endDate: d.endDate, discountValue: d.discountValue,
    conditionLogic: d.conditionLogic, conditions: d.conditions, exclusions: null, gifts: null, giftsReplaceCartItems: false,
    userGroups: null, userExclusions: null, attributeValues: {}, attributeSetIdentifier: null,
    bonusEvent: d.bonusEvent || null, position: d.position,
  };
}
function coupon(code) {
  for (const d of fixture.discounts) {
    const c = d.coupons.find((x) => x.code === code);
    if (c) return { ...c, discountId: d.id };
  }
  return null;
}

function notFound(what) { return { status: 404, body: { statusCode: 404, message: `${what} not found`, pageData: null, timestamp: new Date().toISOString() } }; }
function ok(body) { return { status: 200, body }; }
function json(text) { try { return text ? JSON.parse(text) : undefined; } catch { return undefined; } }

const ROUTES = [
  ['POST', /^\/users-auth-providers\/marker\/([^/]+)\/users\/(auth|refresh)$/, (m) => ok({ userIdentifier: USER, authProviderIdentifier: m[1], accessToken: 'recorder-access', refreshToken: 'recorder-refresh' })],
  // Products
  ['POST', /^\/products\/all\/counts$/, (m, q, body) => ok(counts(null, body))],
  ['POST', /^\/products\/page\/url\/([^/]+)\/counts$/, (m, q, body) => ok(counts(m[1], body))],
  ['POST', /^\/products\/page\/(\d+)\/counts$/, (m, q, body) => ok(counts(fixture.pages.find((p) => p.id === Number(m[1]))?.pageUrl, body))],
  ['POST', /^\/products\/all$/, (m, q, body, lang) => ok(productList(fixture.products.filter((p) => matches(p, filterOf(body))), q, lang))],
  ['POST', /^\/products\/empty-page$/, (m, q, body, lang) => {
    const items = fixture.products.filter((p) => p.pages.length === 0);
    return ok([{ attrValue: '', items: items.map((p) => product(p, lang)), productIds: items.map((p) => String(p.id)), total: items.length }]);
  }],
  ['POST', /^\/products\/page\/url\/([^/]+)$/, (m, q, body, lang) => (page(m[1]) ? ok(productList(onPage(m[1]).filter((p) => matches(p, filterOf(body))), q, lang)) : notFound('page'))],
  ['POST', /^\/products\/page\/(\d+)$/, (m, q, body, lang) => {
    const p = fixture.pages.find((x) => x.id === Number(m[1]));
    return p ? ok(productList(onPage(p.pageUrl).filter((x) => matches(x, filterOf(body))), q, lang)) : notFound('page');
  }],
  ['GET', /^\/products\/page\/([^/]+)\/prices$/, (m, q) => (page(m[1]) ? ok(paged(onPage(m[1]).map((p) => ({ id: p.id, price: p.price })), q)) : notFound('page'))],
  ['GET', /^\/products\/quick\/search$/, (m, q) => {
    const name = (q.get('name') || '').toLowerCase();
    const lang = q.get('langCode') || 'en_US';
    return ok(fixture.products.filter((p) => tr(p.title, lang).toLowerCase().includes(name)).map((p) => ({ id: p.id, title: tr(p.title, lang) })));
  }],
  ['GET', /^\/products\/ids$/, (m, q, body, lang) => ok((q.get('ids') || '').split(',').map(Number).map((id) => fixture.products.find((p) => p.id === id)).filter(Boolean).map((p) => product(p, lang)))],
  ['GET', /^\/products\/(\d+)\/related$/, (m, q, body, lang) => {
    const p = fixture.products.find((x) => x.id === Number(m[1]));
    return p ? ok(productList(p.relatedIds.map((id) => fixture.products.find((x) => x.id === id)), q, lang)) : notFound('product');
  }],
  ['GET', /^\/products\/(\d+)\/blocks$/, (m) => {
    const p = fixture.products.find((x) => x.id === Number(m[1]));
    return p ? ok((p.blocks || []).map((b) => blockEntity(block(b), null))) : notFound('product');
  }],
  ['GET', /^\/products\/(\d+)$/, (m, q, body, lang) => {
    const p = fixture.products.find((x) => x.id === Number(m[1]));
    return p ? ok(product(p, lang)) : notFound('product');
  }],
  // Users (the signed-in user)
  ['GET', /^\/users\/me$/, () => {
    const u = fixture.userProfiles[USER];
    return ok({ id: u.id, identifier: USER, authProviderIdentifier: 'email', formData: u.formData, formIdentifier: u.formIdentifier, total: '1', groups: u.groups, state: u.state, moduleFormConfigs: [], rating: {} });
  }],
  ['PUT', /^\/users\/me$/, () => ok(true)],
  ['DELETE', /^\/users\/me$/, () => ok(true)],
  ['DELETE', /^\/users\/me\/account$/, () => ok(true)],
  ['POST', /^\/users\/me\/fcm-token\/([^/]+)$/, () => ok(true)],
  ['DELETE', /^\/users\/me\/fcm-token\/([^/]+)$/, () => ok(true)],
  // Forms and their data
  ['GET', /^\/forms$/, (m, q, body, lang) => ok({ total: fixture.forms.length, items: paged(fixture.forms, q).items.map((f) => formEntity(f, lang)) })],
  ['GET', /^\/forms\/marker\/([^/]+)$/, (m, q, body, lang) => {
    const f = fixture.forms.find((x) => x.identifier === m[1]);
    return f ? ok(formEntity(f, lang)) : notFound('form');
  }],
  ['POST', /^\/form-data$/, (m, q, body) => ok({
    formData: { id: fixture.formData.length + 1, formIdentifier: body.formIdentifier, time: new Date().toISOString(), entityIdentifier: body.moduleEntityIdentifier, fingerprint: 'UQ_recorded', isUserAdmin: false, formModuleId: body.formModuleConfigId, userIdentifier: USER, parentId: null, formData: body.formData },
    actionMessage: 'Thank you, we will answer soon.',
  })],
  ['POST', /^\/form-data\/marker\/([^/]+)$/, (m, q) => {
    const list = fixture.formData.filter((d) => d.form === m[1]).map(formDataEntity);
    return ok(paged(list, q));
  }],
  ['PUT', /^\/form-data\/(\d+)\/update-status$/, () => ok(true)],
  ['PUT', /^\/form-data\/(\d+)$/, (m, q, body) => {
    const d = fixture.formData.find((x) => x.id === Number(m[1]));
    if (!d) return notFound('form data');
    const e = formDataEntity(d);
    return ok({ id: e.id, formIdentifier: e.formIdentifier, time: e.time, formData: (body && body.formData) || e.formData, userIdentifier: USER, entityIdentifier: e.entityIdentifier, parentId: null, fingerprint: e.fingerprint, isUserAdmin: false, formModuleId: e.formModuleConfigId });
  }],
  ['DELETE', /^\/form-data\/(\d+)$/, () => ok(true)],
  // Pages and templates
  ['GET', /^\/templates\/marker\/([^/]+)$/, (m) => (template(m[1]) ? ok(template(m[1])) : notFound('template'))],
  ['GET', /^\/pages\/root$/, (m, q, body, lang) => ok(fixture.pages.filter((p) => !p.parent).map((p) => pageEntity(p, lang)))],
  ['GET', /^\/pages$/, (m, q, body, lang) => ok(fixture.pages.map((p) => pageEntity(p, lang)))],
  ['GET', /^\/pages\/quick\/search$/, (m, q) => {
    const name = (q.get('name') || '').toLowerCase();
    const lang = q.get('lang') || 'en_US';
    return ok(fixture.pages.filter((p) => tr(p.title, lang).toLowerCase().includes(name)).map((p) => ({ id: p.id, title: tr(p.title, lang), pageUrl: p.pageUrl })));
  }],
  ['GET', /^\/pages\/url\/(.+)$/, (m, q, body, lang) => (page(m[1]) ? ok(pageEntity(page(m[1]), lang)) : notFound('page'))],
  ['GET', /^\/pages\/(\d+)$/, (m, q, body, lang) => {
    const p = fixture.pages.find((x) => x.id === Number(m[1]));
    return p ? ok(pageEntity(p, lang)) : notFound('page');
  }],
  ['GET', /^\/pages\/([^/]+)\/children$/, (m, q, body, lang) => ok(fixture.pages.filter((p) => p.parent === m[1]).map((p) => pageEntity(p, lang)))],
  ['GET', /^\/pages\/([^/]+)\/blocks$/, (m, q, body, lang) => (page(m[1]) ? ok(page(m[1]).blocks.map((b) => blockEntity(block(b), lang))) : notFound('page'))],
  ['GET', /^\/pages\/([^/]+)\/config$/, (m) => (page(m[1]) ? ok(page(m[1]).config || { rowsPerPage: null, productsPerRow: null }) : notFound('page'))],
  // Discounts, coupons, bonuses
  ['GET', /^\/discounts$/, (m, q, body, lang) => {
    const list = q.get('type') ? fixture.discounts.filter((d) => d.type === q.get('type')) : fixture.discounts;
    const result = paged(list, q);
    return ok({ items: result.items.map((d) => discountEntity(d, lang)), total: result.total });
  }],
  ['GET', /^\/discounts\/marker\/([^/]+)$/, (m, q, body, lang) => {
    const d = fixture.discounts.find((x) => x.identifier === m[1]);
    return d ? ok(discountEntity(d, lang)) : notFound('discount');
  }],
  ['GET', /^\/discounts\/bonus-balance$/, () => ok({ balance: fixture.bonus[USER].history.reduce((s, h) => s + (h.type === 'ACCRUAL' ? h.amount : -h.amount), 0) })],
  ['GET', /^\/discounts\/bonus-balance\/history$/, (m, q) => ok(fixture.bonus[USER].history
    .filter((h) => !q.get('type') || h.type === q.get('type'))
    .map((h) => ({ balanceId: fixture.bonus[USER].balanceId, ...h })))],
  ['GET', /^\/discounts\/coupons\/validate$/, (m, q) => {
    const c = coupon(q.get('code'));
    if (!c) return ok({ valid: false, error: 'Coupon not found' });
    return c.isUsed && !c.isReusable ? ok({ valid: false, coupon: c, error: 'Coupon already used' }) : ok({ valid: true, coupon: c });
  }],
  // Blocks
  ['POST', /^\/blocks$/, (m, q, body, lang) => {
    const list = q.get('type') ? fixture.blocks.filter((b) => b.type === q.get('type')) : fixture.blocks;
    const result = paged(list, q);
    return ok({ items: result.items.map((b) => blockEntity(b, lang)), total: result.total });
  }],
  ['GET', /^\/blocks\/quick\/search$/, (m, q) => {
    const name = (q.get('name') || '').toLowerCase();
    const lang = q.get('langCode') || 'en_US';
    return ok(fixture.blocks.filter((b) => tr(b.title, lang).toLowerCase().includes(name)).map((b) => ({ id: b.id, identifier: b.identifier, name: tr(b.title, lang) })));
  }],
  ['GET', /^\/blocks\/marker\/([^/]+)$/, (m, q, body, lang) => (block(m[1]) ? ok(blockEntity(block(m[1]), lang)) : notFound('block'))],
  ['GET', /^\/blocks\/([^/]+)\/(similar-products|products)$/, (m, q, body, lang) => (block(m[1]) ? ok(productList(blockProducts(block(m[1])), q, lang)) : notFound('block'))],
  ['GET', /^\/blocks\/([^/]+)\/products\/(\d+)\/frequently-ordered$/, (m, q, body, lang) => {
    const b = block(m[1]);
    if (!b || !b.frequentlyOrdered) return notFound('block');
    const ids = b.frequentlyOrdered[m[2]] || [];
    return ok(productList(ids.map((id) => fixture.products.find((p) => p.id === id)), q, lang));
  }],
];

function answer(request) {
  const url = new URL(request.target, 'http://recorder.invalid');
  const route = decodeURIComponent(url.pathname.replace(/^\/api\/content/, ''));
  const q = url.searchParams;
  const lang = q.get('langCode') || q.get('lang') || null;
  for (const [method, pattern, handler] of ROUTES) {
    const m = method === request.method && route.match(pattern);
    if (m) return handler(m, q, json(request.body), lang);
  }
  return notFound(`route ${request.method} ${route}`);
}

module.exports = { answer };
