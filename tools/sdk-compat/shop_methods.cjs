// Calls all 43 methods of the official SDK's Products, Users, Forms, FormData, Pages,
// Discounts and Blocks modules against the emulator (the demo shop, fixtures/shop.json) and
// fails on any error answer. With --strict the SDK validates every answer against its own
// zod schemas (a mismatch becomes a synthetic 422 and fails the run). The SDK's own extra
// requests (templates, block products, per-hit fetches) must succeed too.
//
// Usage: node shop_methods.cjs URL APP_TOKEN EMAIL PASSWORD [--strict]
'use strict';

const { defineOneEntry } = require('oneentry');

const [url, token, email, password, flag] = process.argv.slice(2);
if (!password) {
  console.error('usage: node shop_methods.cjs URL APP_TOKEN EMAIL PASSWORD [--strict]');
  process.exit(2);
}
const strict = flag === '--strict';
const called = new Set();

// Every request the SDK sends, its own extra ones included, must get a 2xx answer.
const failures = [];
let requests = 0;
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  requests += 1;
  const response = await realFetch(input, init);
  if (!response.ok) failures.push(`${(init && init.method) || 'GET'} ${input} -> ${response.status}`);
  return response;
};

function check(method, result, expect) {
  called.add(method.replace(/ \(.*\)$/, ''));
  const failed = result instanceof Error || (result && typeof result === 'object' && 'statusCode' in result);
  if (failed || (expect && !expect(result))) {
    console.error(`${method} failed:`, JSON.stringify(result).slice(0, 400));
    process.exit(1);
  }
  console.log(`${method}:`, JSON.stringify(result).slice(0, 140));
  return result;
}
const nonEmpty = (r) => (Array.isArray(r) ? r.length > 0 : Array.isArray(r.items) && r.items.length > 0);

(async () => {
  const api = defineOneEntry(url, {
    token,
    validation: { enabled: strict, strictMode: strict, logErrors: true },
  });
  const { Products, Pages, Blocks, Forms, FormData, Discounts, Users, AuthProvider } = api;

  const band = [
    { attributeMarker: 'price', conditionMarker: 'mth', conditionValue: 50, pageUrls: ['kitchen'], isNested: false, title: '' },
    { attributeMarker: 'price', conditionMarker: 'lth', conditionValue: 500, pageUrls: ['kitchen'], isNested: false, title: '' },
  ];
  const kitchen = check('Products.getProducts', await Products.getProducts(band, 'de_DE',
    { limit: 5, offset: 0, sortOrder: 'ASC', sortKey: 'price', statusMarker: 'in_stock' }), nonEmpty);
  const count = check('Products.getProductsCount', await Products.getProductsCount(band));
  const unpaged = await Products.getProducts(band);
  if (count.totalAll !== unpaged.total || kitchen.total > unpaged.total) {
    console.error(`getProductsCount says ${count.totalAll}, getProducts listed ${unpaged.total}`);
    process.exit(1);
  }
  check('Products.getProductsEmptyPage', await Products.getProductsEmptyPage());
  check('Products.getProductsByPageId', await Products.getProductsByPageId(2, [], 'en_US', { limit: 2, offset: 1 }), nonEmpty);
  check('Products.getProductsPriceByPageUrl', await Products.getProductsPriceByPageUrl('kitchen', 'en_US', { limit: 10, offset: 0 }), nonEmpty);
  check('Products.getProductsByPageUrl', await Products.getProductsByPageUrl('bags-and-travel',
    [{ attributeMarker: 'price', conditionMarker: 'lth', conditionValue: 100 }], 'de_DE'), nonEmpty);
  check('Products.getRelatedProductsById', await Products.getRelatedProductsById(1, 'en_US', { limit: 2, sortKey: 'id', sortOrder: 'DESC' }), nonEmpty);
  check('Products.getProductsByIds', await Products.getProductsByIds('1,14,15', 'de_DE', { sortKey: 'price' }), nonEmpty);
  check('Products.getProductById', await Products.getProductById(2, 'de_DE', true));
  check('Products.getProductBlockById', await Products.getProductBlockById(1), nonEmpty);
  check('Products.searchProduct', await Products.searchProduct('mug'), nonEmpty);
  check('Products.getProductsCountByPageId', await Products.getProductsCountByPageId(2,
    [{ attributeMarker: 'price', conditionMarker: 'mth', conditionValue: 100, statusMarker: 'in_stock' }]));
  check('Products.getProductsCountByPageUrl', await Products.getProductsCountByPageUrl('catalog', []));

  check('Pages.getRootPages', await Pages.getRootPages(), nonEmpty);
  check('Pages.getPages', await Pages.getPages('de_DE'), nonEmpty);
  check('Pages.getPageById', await Pages.getPageById(2));
  check('Pages.getPageByUrl', await Pages.getPageByUrl('kitchen'));
  check('Pages.getChildPagesByParentUrl', await Pages.getChildPagesByParentUrl('catalog'), nonEmpty);
  check('Pages.getBlocksByPageUrl', await Pages.getBlocksByPageUrl('catalog'), nonEmpty);
  check('Pages.getConfigPageByUrl', await Pages.getConfigPageByUrl('kitchen'));
  check('Pages.searchPage', await Pages.searchPage('kitchen', 'catalog', 'en_US'), nonEmpty);

  check('Blocks.getBlocks', await Blocks.getBlocks('product_block', 'en_US', 0, 10), nonEmpty);
  check('Blocks.getBlocks (all types)', await Blocks.getBlocks(), nonEmpty);
  check('Blocks.getBlockByMarker', await Blocks.getBlockByMarker('similar', 'en_US', 0, 4));
  check('Blocks.getFrequentlyOrderedProducts', await Blocks.getFrequentlyOrderedProducts(15, 'often_bought', 'en_US'), nonEmpty);
  check('Blocks.searchBlock', await Blocks.searchBlock('best'), nonEmpty);

  check('Forms.getAllForms', await Forms.getAllForms(), nonEmpty);
  check('Forms.getFormByMarker', await Forms.getFormByMarker('contact_us', 'de_DE'));
  const posted = check('FormData.postFormsData', await FormData.postFormsData({
    formIdentifier: 'contact_us', formModuleConfigId: 4, moduleEntityIdentifier: 'contact', replayTo: null, status: 'sent',
    formData: [
      { marker: 'name', type: 'string', value: 'Christina Thomas' },
      { marker: 'email', type: 'string', value: 'christina@example.com' },
      { marker: 'message', type: 'string', value: 'Do you ship to Austria?' },
    ],
  }));
  const listed = check('FormData.getFormsDataByMarker', await FormData.getFormsDataByMarker('contact_us', 4,
    { status: ['sent'] }, 1, 'en_US', 0, 10), nonEmpty);
  if (!listed.items.some((entry) => entry.id === posted.formData.id)) {
    console.error('the posted form data is not listed');
    process.exit(1);
  }

  check('Discounts.getAllDiscounts', await Discounts.getAllDiscounts('en_US', 0, 10, 'DISCOUNT'), nonEmpty);
  check('Discounts.getDiscountByMarker', await Discounts.getDiscountByMarker('summer_sale', 'de_DE'));
  check('Discounts.validateDiscountsCoupon', await Discounts.validateDiscountsCoupon('SUMMER10'), (r) => r.valid === true);
  check('Discounts.validateDiscountsCoupon (unknown code)', await Discounts.validateDiscountsCoupon('NOPE'), (r) => r.valid === false);

  await AuthProvider.auth('email', {
    authData: [{ marker: 'email_reg', value: email }, { marker: 'password_reg', value: password }],
  });
  check('Users.getUser', await Users.getUser('de_DE'));
  check('Users.updateUser', await Users.updateUser({
    formIdentifier: 'reg',
    formData: [{ marker: 'name', type: 'string', value: 'New Name' }],
    notificationData: { email, phonePush: [], phoneSMS: '' },
    state: { newsletter: false },
  }));
  check('Users.getUser (after the update)', await Users.getUser(),
    (u) => u.formData.some((f) => f.marker === 'name' && f.value === 'New Name'));
  check('Users.addFCMToken', await Users.addFCMToken('cQ3vN1x:APA91bF-demo_token'));
  check('Users.deleteFCMToken', await Users.deleteFCMToken('cQ3vN1x:APA91bF-demo_token'));
  check('FormData.updateFormsDataByid', await FormData.updateFormsDataByid(posted.formData.id, {
    formIdentifier: 'contact_us', formData: [{ marker: 'message', type: 'string', value: 'Any news?' }],
  }));
  check('FormData.updateFormsDataStatusByid', await FormData.updateFormsDataStatusByid(posted.formData.id, { status: 'approved' }));
  check('FormData.deleteFormsDataByid', await FormData.deleteFormsDataByid(posted.formData.id));
  check('Discounts.getBonusBalance', await Discounts.getBonusBalance());
  check('Discounts.getBonusHistory', await Discounts.getBonusHistory('ACCRUAL', '2026-01-01', '2026-12-31'));
  check('Users.archiveUser', await Users.archiveUser());
  check('Users.deleteUser', await Users.deleteUser());

  const expected = 43;
  if (called.size !== expected) {
    console.error(`called ${called.size} methods, expected ${expected}`);
    process.exit(1);
  }
  if (failures.length) {
    console.error(`error answers to the SDK's requests:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`${requests} requests, all answered 2xx`);
  console.log(`the official SDK got valid answers from all ${expected} shop methods${strict ? ' (strict validation)' : ''}`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
