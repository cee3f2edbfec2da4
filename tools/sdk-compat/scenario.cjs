// Runs the paid-order scenario with the official JavaScript SDK against a OneEntry-compatible
// server (the emulator), failing loudly where the SDK would silently return an error body.
//
// Usage: node scenario.cjs URL APP_TOKEN EMAIL PASSWORD [--strict]
// --strict turns on the SDK's zod validation in strict mode, so every answer must match the
// SDK's own schemas (a mismatch comes back as a synthetic 422 and fails the run).
// Needs `oneentry` resolvable from the working directory (see run.sh).
'use strict';

const { defineOneEntry } = require('oneentry');

const [url, token, email, password, flag] = process.argv.slice(2);
const strict = flag === '--strict';
if (!password) {
  console.error('usage: node scenario.cjs URL APP_TOKEN EMAIL PASSWORD');
  process.exit(2);
}

// Shell mode returns API errors as values: turn them into failures.
function check(step, result) {
  if (result instanceof Error || (result && typeof result === 'object' && 'statusCode' in result)) {
    console.error(`${step} failed:`, result);
    process.exit(1);
  }
  const redacted = (key, value) => (/token|secret|password/i.test(key) ? '***' : value);
  console.log(`${step}:`, JSON.stringify(result, redacted));
  return result;
}

(async () => {
  const api = defineOneEntry(url, {
    token,
    validation: { enabled: strict, strictMode: strict, logErrors: true },
  });
  const auth = check('auth', await api.AuthProvider.auth('email', {
    authData: [
      { marker: 'email_reg', value: email },
      { marker: 'password_reg', value: password },
    ],
  }));
  if (!auth.accessToken || !auth.refreshToken) {
    console.error('auth returned no tokens');
    process.exit(1);
  }
  const order = check('createOrder', await api.Orders.createOrder('orders', {
    formIdentifier: 'order',
    paymentAccountIdentifier: 'cash',
    formData: [{ type: 'string', marker: 'name', value: 'Christina Thomas' }],
    products: [{ productId: 15, quantity: 1 }],
  }));
  if (order.totalSum !== 400) {
    console.error(`expected totalSum 400, got ${order.totalSum}`);
    process.exit(1);
  }
  const session = check('createSession', await api.Payments.createSession(order.id, 'session'));
  if (session.status !== 'waiting' || session.orderId !== order.id) {
    console.error('unexpected session', session);
    process.exit(1);
  }
  const found = check('getSessionByOrderId', await api.Payments.getSessionByOrderId(order.id));
  const sessions = Array.isArray(found) ? found : [found];
  if (!sessions.some((s) => s.id === session.id)) {
    console.error('the session is not among the order\'s sessions', found);
    process.exit(1);
  }
  const stored = check('getOrderByMarkerAndId', await api.Orders.getOrderByMarkerAndId('orders', order.id));
  const page = check('getAllOrdersByMarker', await api.Orders.getAllOrdersByMarker('orders'));
  check('getSessionById', await api.Payments.getSessionById(session.id));
  check('getSessions', await api.Payments.getSessions());
  check('refresh', await api.AuthProvider.refresh('email', auth.refreshToken));
  if (stored.id !== order.id || page.total < 1) {
    console.error('orders did not read back');
    process.exit(1);
  }
  console.log('the official SDK completed the scenario');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
