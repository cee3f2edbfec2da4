// Records what the official JavaScript SDK sends for the 43 shop methods of issue 12
// (Products 13, Users 6, Forms 2, FormsData 5, Pages 8, Discounts 5, Blocks 4): each call's
// requests (its own and those the SDK adds by itself), their query strings in order, the
// headers that matter, the bodies, and the shape the SDK hands back. Then a few probes of
// known quirks (unencoded values, wrong answer shapes). The recorder answers from the fixture
// draft (shop_answers.cjs); docs/wire-shop.md is written from this output.
//
// Usage: NODE_PATH=<dir with node_modules/oneentry> node record_shop.cjs [--strict]
// --strict turns on the SDK's zod validation in strict mode (a mismatch is a synthetic 422).
// Needs nothing but node and the SDK; binds 127.0.0.1 on an ephemeral port.
'use strict';

const { defineOneEntry } = require('oneentry');
const { startRecorder } = require('./recorder.cjs');
const { answer } = require('./shop_answers.cjs');

const strict = process.argv.includes('--strict');
const TOKEN = 'recorder-app-token';
const called = new Set();

function describe(value) {
  if (value instanceof Error) return `throws/returns ${value.name}: ${value.message}`;
  if (Array.isArray(value)) return `array[${value.length}]${value.length ? ` of ${describe(value[0])}` : ''}`;
  if (value && typeof value === 'object') {
    if ('statusCode' in value) return `error object (statusCode ${value.statusCode}: ${value.localizeMessage || value.message})`;
    return `object{${Object.keys(value).slice(0, 12).join(',')}${Object.keys(value).length > 12 ? ',…' : ''}}`;
  }
  return JSON.stringify(value);
}

function printRequests(entries) {
  entries.forEach((e, i) => {
    const auth = e.headers.authorization ? 'bearer' : 'none';
    console.log(`  ${i === 0 ? 'request' : 'extra  '} ${e.method} ${e.target}  -> ${e.status}`);
    console.log(`          headers: ${e.headerOrder.join(', ')} (content-type ${e.headers['content-type'] || '-'}; authorization ${auth})`);
    if (e.body) console.log(`          body: ${e.body.length > 600 ? `${e.body.slice(0, 600)}…` : e.body}`);
  });
}

async function record(rec, name, call, note) {
  called.add(name);
  const from = rec.log.length;
  let result;
  try {
    result = await call();
  } catch (error) {
    result = error instanceof Error ? error : Object.assign(new Error('thrown value'), { value: error });
  }
  console.log(`\n### ${name}${note ? ` (${note})` : ''}`);
  printRequests(rec.log.slice(from));
  if (rec.log.length === from) console.log('  no request');
  console.log(`  SDK returned: ${describe(result)}`);
  return result;
}

// Shows whether a call changed the caller's own argument.
async function recordMutation(rec, name, arg, call) {
  const before = JSON.stringify(arg);
  const result = await record(rec, name, () => call(arg));
  const after = JSON.stringify(arg);
  if (before !== after) console.log(`  the caller's argument was changed: ${before} => ${after}`);
  return result;
}

async function probe(rec, title, override, call) {
  rec.override = override;
  const from = rec.log.length;
  let result;
  try { result = await call(); } catch (error) { result = error; }
  rec.override = null;
  console.log(`\n### probe: ${title}`);
  printRequests(rec.log.slice(from));
  console.log(`  SDK returned: ${describe(result)}`);
}

(async () => {
  const rec = await startRecorder(answer);
  const config = { token: TOKEN, validation: { enabled: strict, strictMode: strict, logErrors: false } };
  const api = defineOneEntry(rec.url, config);
  const { Products, Pages, Blocks, Forms, FormData, Discounts, Users, AuthProvider } = api;
  console.log(`# oneentry SDK against the loopback recorder${strict ? ' (strict validation)' : ''}`);
  console.log('# public calls first (no user), then sign-in, then the calls that need a user');

  const priceBand = [
    { attributeMarker: 'price', conditionMarker: 'mth', conditionValue: 50, pageUrls: ['kitchen'], isNested: false, title: '' },
    { attributeMarker: 'price', conditionMarker: 'lth', conditionValue: 500, pageUrls: ['kitchen'], isNested: false, title: '' },
  ];
  await record(rec, 'Products.getProducts', () => Products.getProducts(priceBand, 'de_DE',
    { limit: 5, offset: 0, sortOrder: 'ASC', sortKey: 'price', statusMarker: 'in_stock' }));
  await record(rec, 'Products.getProducts', () => Products.getProducts(), 'no arguments');
  await record(rec, 'Products.getProductsEmptyPage', () => Products.getProductsEmptyPage());
  await record(rec, 'Products.getProductsByPageId', () => Products.getProductsByPageId(2, [], 'en_US', { limit: 2, offset: 1 }));
  await record(rec, 'Products.getProductsPriceByPageUrl', () => Products.getProductsPriceByPageUrl('kitchen', 'en_US', { limit: 10, offset: 0 }));
  await record(rec, 'Products.getProductsByPageUrl', () => Products.getProductsByPageUrl('bags-and-travel',
    [{ attributeMarker: 'price', conditionMarker: 'lth', conditionValue: 100 }], 'de_DE'));
  await record(rec, 'Products.getRelatedProductsById', () => Products.getRelatedProductsById(1, 'en_US', { limit: 2, sortKey: 'id', sortOrder: 'DESC' }));
  await record(rec, 'Products.getProductsByIds', () => Products.getProductsByIds('1,14,15', 'de_DE', { sortKey: 'price' }));
  await record(rec, 'Products.getProductById', () => Products.getProductById(15));
  await record(rec, 'Products.getProductById', () => Products.getProductById(2, 'de_DE', true), 'isNormalized');
  await record(rec, 'Products.getProductBlockById', () => Products.getProductBlockById(1));
  await record(rec, 'Products.searchProduct', () => Products.searchProduct('ceramic mug'));
  await record(rec, 'Products.getProductsCount', () => Products.getProductsCount());
  await record(rec, 'Products.getProductsCountByPageId', () => Products.getProductsCountByPageId(2,
    [{ attributeMarker: 'price', conditionMarker: 'mth', conditionValue: 100, statusMarker: 'in_stock' }]));
  await record(rec, 'Products.getProductsCountByPageUrl', () => Products.getProductsCountByPageUrl('catalog', []));

  await record(rec, 'Pages.getRootPages', () => Pages.getRootPages());
  await record(rec, 'Pages.getPages', () => Pages.getPages('de_DE'));
  await record(rec, 'Pages.getPageById', () => Pages.getPageById(2));
  await record(rec, 'Pages.getPageByUrl', () => Pages.getPageByUrl('kitchen'));
  await record(rec, 'Pages.getChildPagesByParentUrl', () => Pages.getChildPagesByParentUrl('catalog'));
  await record(rec, 'Pages.getBlocksByPageUrl', () => Pages.getBlocksByPageUrl('catalog'));
  await record(rec, 'Pages.getConfigPageByUrl', () => Pages.getConfigPageByUrl('kitchen'));
  await record(rec, 'Pages.searchPage', () => Pages.searchPage('kitchen', 'catalog', 'en_US'));

  await record(rec, 'Blocks.getBlocks', () => Blocks.getBlocks('product_block', 'en_US', 0, 10));
  await record(rec, 'Blocks.getBlocks', () => Blocks.getBlocks(), 'no arguments');
  await record(rec, 'Blocks.getBlockByMarker', () => Blocks.getBlockByMarker('bestsellers', 'de_DE'));
  await record(rec, 'Blocks.getBlockByMarker', () => Blocks.getBlockByMarker('similar', 'en_US', 0, 4), 'a similar-products block');
  await record(rec, 'Blocks.getFrequentlyOrderedProducts', () => Blocks.getFrequentlyOrderedProducts(15, 'often_bought', 'en_US', 'orders'));
  await record(rec, 'Blocks.searchBlock', () => Blocks.searchBlock('best'));

  await record(rec, 'Forms.getAllForms', () => Forms.getAllForms());
  await record(rec, 'Forms.getFormByMarker', () => Forms.getFormByMarker('contact_us', 'de_DE'));
  await recordMutation(rec, 'FormData.postFormsData', {
    formIdentifier: 'contact_us', formModuleConfigId: 4, moduleEntityIdentifier: 'contact', replayTo: null, status: 'sent',
    formData: [
      { marker: 'name', type: 'string', value: 'Christina Thomas' },
      { marker: 'email', type: 'string', value: 'christina@example.com' },
      { marker: 'message', type: 'text', value: { htmlValue: '<p>Hi</p>', plainValue: 'Hi', params: { isEditorDisabled: false, isImageCompressed: true } } },
      { marker: 'send', type: 'button', value: '' },
    ],
  }, (body) => FormData.postFormsData(body));
  await record(rec, 'FormData.getFormsDataByMarker', () => FormData.getFormsDataByMarker('contact_us', 4,
    { status: ['new', 'approved'], dateFrom: '2026-11-01' }, 1, 'en_US', 0, 10));

  await record(rec, 'Discounts.getAllDiscounts', () => Discounts.getAllDiscounts('en_US', 0, 10, 'DISCOUNT'));
  await record(rec, 'Discounts.getAllDiscounts', () => Discounts.getAllDiscounts(), 'no arguments');
  await record(rec, 'Discounts.getDiscountByMarker', () => Discounts.getDiscountByMarker('summer_sale', 'de_DE'));
  await record(rec, 'Discounts.validateDiscountsCoupon', () => Discounts.validateDiscountsCoupon('SUMMER10'));
  await record(rec, 'Discounts.validateDiscountsCoupon', () => Discounts.validateDiscountsCoupon('ONCE5'), 'a used coupon');

  await record(rec, 'AuthProvider.auth (sign-in, not one of the 43)', () => AuthProvider.auth('email', {
    authData: [{ marker: 'email_reg', value: 'your-user@email.com' }, { marker: 'password_reg', value: '123456' }],
  }));
  called.delete('AuthProvider.auth (sign-in, not one of the 43)');

  await record(rec, 'Users.getUser', () => Users.getUser('de_DE'));
  await recordMutation(rec, 'Users.updateUser', {
    formIdentifier: 'reg',
    formData: [{ marker: 'name', type: 'string', value: 'New Name' }],
    notificationData: { email: 'your-user@email.com', phonePush: [], phoneSMS: '' },
    state: { newsletter: false },
  }, (body) => Users.updateUser(body));
  await record(rec, 'Users.addFCMToken', () => Users.addFCMToken('cQ3vN1x:APA91bF-demo_token'));
  await record(rec, 'Users.deleteFCMToken', () => Users.deleteFCMToken('cQ3vN1x:APA91bF-demo_token'));
  await record(rec, 'FormData.updateFormsDataByid', () => FormData.updateFormsDataByid(2, {
    formIdentifier: 'contact_us', formData: [{ marker: 'message', type: 'string', value: 'Any news?' }],
  }));
  await record(rec, 'FormData.updateFormsDataStatusByid', () => FormData.updateFormsDataStatusByid(2, { status: 'approved' }));
  await record(rec, 'FormData.deleteFormsDataByid', () => FormData.deleteFormsDataByid(1));
  await record(rec, 'Discounts.getBonusBalance', () => Discounts.getBonusBalance());
  await record(rec, 'Discounts.getBonusHistory', () => Discounts.getBonusHistory('ACCRUAL', '2026-01-01', '2026-12-31', 3, undefined, false));
  await record(rec, 'Discounts.getBonusHistory', () => Discounts.getBonusHistory(), 'no arguments');
  await record(rec, 'Users.archiveUser', () => Users.archiveUser());
  await record(rec, 'Users.deleteUser', () => Users.deleteUser());

  console.log('\n# probes: quirks of the SDK');
  await probe(rec, 'searchPage without a url', null, () => Pages.searchPage('about'));
  await probe(rec, 'searchProduct with "&", "#" and "+" in the words', null, () => Products.searchProduct('mug & cup #2+1'));
  await probe(rec, 'validateDiscountsCoupon with "+" and "%" in the code', null, () => Discounts.validateDiscountsCoupon('A+B 10%'));
  await probe(rec, 'getPageByUrl with a "/" and "?" in the url', null, () => Pages.getPageByUrl('catalog/kitchen?x'));
  await probe(rec, 'addFCMToken with a "/" in the token', null, () => Users.addFCMToken('abc/def'));
  await probe(rec, 'getProductsByIds with an array', null, () => Products.getProductsByIds([1, 14]));
  await probe(rec, 'getBlocksByPageUrl answered {items,total}', (e) => (e.target.includes('/blocks?') ? { status: 200, body: { items: [], total: 0 } } : null),
    () => Pages.getBlocksByPageUrl('catalog'));
  await probe(rec, 'getPages answered {items,total}', (e) => (e.target.startsWith('/api/content/pages?') ? { status: 200, body: { items: [], total: 0 } } : null),
    () => Pages.getPages());
  await probe(rec, 'getBlocks answered a plain array', (e) => (e.target.startsWith('/api/content/blocks?') ? { status: 200, body: [] } : null),
    () => Blocks.getBlocks());
  await probe(rec, 'searchProduct answered {items,total}', (e) => (e.target.includes('/quick/search') ? { status: 200, body: { items: [], total: 0 } } : null),
    () => Products.searchProduct('mug'));
  await probe(rec, 'deleteUser answered with an empty body', (e) => (e.method === 'DELETE' ? { status: 200 } : null), () => Users.deleteUser());
  await probe(rec, 'archiveUser answered {success:true}', (e) => (e.method === 'DELETE' ? { status: 200, body: { success: true } } : null), () => Users.archiveUser());
  await probe(rec, 'getProductById answered a string price', (e) => {
    if (!e.target.startsWith('/api/content/products/2?')) return null;
    const reply = answer(e);
    return { ...reply, body: { ...reply.body, price: '120.00' } };
  }, () => Products.getProductById(2));
  rec.override = null;
  const product = await Products.getProductById(2);
  console.log('\n### probe: attribute values, as answered and as the SDK returns them');
  console.log(`  answered: ${JSON.stringify(answer({ method: 'GET', target: '/api/content/products/2?langCode=en_US', body: '' }).body.attributeValues)}`);
  console.log(`  returned: ${JSON.stringify(product.attributeValues)}`);
  await probe(rec, 'getProductById of an unknown id', null, () => Products.getProductById(999));
  const keyed = (e) => (e.target.startsWith('/api/content/blocks/marker/')
    ? answer({ ...e, target: e.target.replace(/\?.*$/, '') }) : null);
  rec.override = keyed;
  const keyedBlock = await Blocks.getBlockByMarker('home_hero', 'de_DE');
  rec.override = null;
  console.log('\n### probe: getBlockByMarker(..., "de_DE") answered language-keyed texts');
  console.log(`  SDK returned localizeInfos ${JSON.stringify(keyedBlock.localizeInfos)}`);
  const lean = defineOneEntry(rec.url, { ...config, traficLimit: true });
  await probe(rec, 'searchProduct with traficLimit: true', null, () => lean.Products.searchProduct('mug'));
  await probe(rec, 'getBlockByMarker of a product block with traficLimit: true', null, () => lean.Blocks.getBlockByMarker('bestsellers'));

  await rec.close();
  const expected = 43;
  if (called.size !== expected) {
    console.error(`\ncalled ${called.size} methods, expected ${expected}: ${[...called].join(', ')}`);
    process.exit(1);
  }
  console.log(`\nrecorded all ${expected} methods${strict ? ' (strict validation)' : ''}`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
