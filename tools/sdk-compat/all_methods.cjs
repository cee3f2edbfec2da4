// Calls all 30 methods of the official SDK's AuthProvider, Orders and Payments modules against
// the emulator and fails on any error answer. With --strict the SDK validates every answer
// against its own zod schemas (a mismatch becomes a synthetic 422 and fails the run).
//
// Usage: node all_methods.cjs URL APP_TOKEN EMAIL PASSWORD [--strict]
// One-time codes are read from the emulator's mailbox (GET /__emulator/mailbox).
'use strict';

const { defineOneEntry } = require('oneentry');

const [url, token, email, password, flag] = process.argv.slice(2);
if (!password) {
  console.error('usage: node all_methods.cjs URL APP_TOKEN EMAIL PASSWORD [--strict]');
  process.exit(2);
}
const strict = flag === '--strict';
const called = new Set();

function check(method, result) {
  called.add(method);
  if (result instanceof Error || (result && typeof result === 'object' && 'statusCode' in result)) {
    console.error(`${method} failed:`, result);
    process.exit(1);
  }
  const redacted = (key, value) => (/token|secret|password|code$/i.test(key) ? '***' : value);
  console.log(`${method}:`, JSON.stringify(result, redacted).slice(0, 140));
  return result;
}

async function mailbox(user, event) {
  const response = await fetch(`${url}/__emulator/mailbox?email=${encodeURIComponent(user)}`, {
    headers: { 'x-app-token': token },
  });
  const mails = await response.json();
  const mail = mails.filter((m) => m.event === event).pop();
  if (!mail) {
    console.error(`no ${event} code for ${user}:`, mails);
    process.exit(1);
  }
  return mail.code;
}

(async () => {
  const api = defineOneEntry(url, {
    token,
    validation: { enabled: strict, strictMode: strict, logErrors: true },
  });
  const A = api.AuthProvider;
  const O = api.Orders;
  const P = api.Payments;
  const newUser = `sdk-${Date.now()}@example.com`;

  check('AuthProvider.getAuthProviders', await A.getAuthProviders());
  check('AuthProvider.getAuthProviderByMarker', await A.getAuthProviderByMarker('email'));
  check('AuthProvider.signUp', await A.signUp('email', {
    formIdentifier: 'reg',
    authData: [{ marker: 'email_reg', value: newUser }, { marker: 'password_reg', value: 'first-pass' }],
    formData: [{ marker: 'name', type: 'string', value: 'SDK User' }],
    notificationData: { email: newUser, phonePush: [] },
  }));
  check('AuthProvider.activateUser', await A.activateUser('email', newUser, await mailbox(newUser, 'activate')));
  check('AuthProvider.generateCode', await A.generateCode('email', newUser, 'password_recovery'));
  const code = await mailbox(newUser, 'password_recovery');
  check('AuthProvider.checkCode', await A.checkCode('email', newUser, 'password_recovery', code));
  check('AuthProvider.changePassword',
    await A.changePassword('email', newUser, 'password_recovery', 2, code, 'second-pass'));
  check('AuthProvider.auth', await A.auth('email', {
    authData: [{ marker: 'email_reg', value: newUser }, { marker: 'password_reg', value: 'second-pass' }],
  }));
  check('AuthProvider.getActiveSessionsByMarker', await A.getActiveSessionsByMarker('email'));
  const signedIn = check('AuthProvider.refresh', await A.refresh('email', await (async () => {
    const auth = await A.auth('email', {
      authData: [{ marker: 'email_reg', value: email }, { marker: 'password_reg', value: password }],
    });
    return auth.refreshToken;
  })()));

  check('Orders.getAllOrdersStorage', await O.getAllOrdersStorage());
  check('Orders.getOrdersStorageByMarker', await O.getOrdersStorageByMarker('orders'));
  check('Orders.getAllStatusesByStorageMarker', await O.getAllStatusesByStorageMarker('orders'));
  check('Orders.previewOrder', await O.previewOrder({ products: [{ productId: 15, quantity: 2 }] }));
  const order = check('Orders.createOrder', await O.createOrder('orders', {
    formIdentifier: 'order',
    paymentAccountIdentifier: 'cash',
    formData: [{ type: 'string', marker: 'name', value: 'Christina Thomas' }],
    products: [{ productId: 15, quantity: 1 }],
  }));
  check('Orders.updateOrderByMarkerAndId', await O.updateOrderByMarkerAndId('orders', order.id, {
    formIdentifier: 'order',
    paymentAccountIdentifier: 'cash',
    formData: [{ type: 'string', marker: 'name', value: 'Christina Thomas' }],
    products: [{ productId: 15, quantity: 2 }],
  }));
  check('Orders.getOrderByMarkerAndId', await O.getOrderByMarkerAndId('orders', order.id));
  check('Orders.getAllOrdersByMarker', await O.getAllOrdersByMarker('orders'));
  check('Orders.createRefundRequest', await O.createRefundRequest(order.id, { products: { 15: { quantity: 1 } } }));
  check('Orders.getRefunds', await O.getRefunds(order.id));
  check('Orders.cancelRefundRequest', await O.cancelRefundRequest(order.id));

  const session = check('Payments.createSession', await P.createSession(order.id, 'session'));
  check('Payments.getSessionByOrderId', await P.getSessionByOrderId(order.id));
  check('Payments.getSessionById', await P.getSessionById(session.id));
  check('Payments.getSessions', await P.getSessions());
  const accounts = check('Payments.getAccounts', await P.getAccounts());
  check('Payments.getAccountById', await P.getAccountById(accounts[0].id));

  check('AuthProvider.oauth', await A.oauth('email', {
    client_id: 'demo-client', client_secret: 'demo-secret', code: `demo-code:${email}`,
    grant_type: 'authorization_code', redirect_uri: 'https://app.example/callback',
  }));
  check('AuthProvider.logout', await A.logout('email', signedIn.refreshToken));
  const again = await A.auth('email', {
    authData: [{ marker: 'email_reg', value: email }, { marker: 'password_reg', value: password }],
  });
  check('AuthProvider.auth (again)', again);
  check('AuthProvider.logoutAll', await A.logoutAll('email'));

  const expected = 30;
  const methods = [...called].filter((m) => !m.includes(' ('));
  if (methods.length !== expected) {
    console.error(`called ${methods.length} methods, expected ${expected}`);
    process.exit(1);
  }
  console.log(`the official SDK got valid answers from all ${expected} methods${strict ? ' (strict validation)' : ''}`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
