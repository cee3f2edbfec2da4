// The paid-order scenario with one official-SDK instance per user, as a benchmark: the
// reference side of the "scenario" rows of `cargo bench -p oneentry-tests --bench table`.
//
// Usage: node bench.cjs URL APP_TOKEN EMAIL PASSWORD COUNT IN_FLIGHT
// Runs a few scenarios to warm up, then COUNT scenarios with IN_FLIGHT at a time, each as a
// new user would: a new `defineOneEntry` instance, sign-in, createOrder, createSession,
// getSessionByOrderId. Prints one JSON line: {"scenarios", "seconds", "cpuMicros"} where
// cpuMicros is the CPU time (user + system) this process used while measuring.
// Needs `oneentry` resolvable (NODE_PATH), as run.sh installs it.
'use strict';

const { defineOneEntry } = require('oneentry');

const [url, token, email, password, countText, inFlightText] = process.argv.slice(2);
const count = Number(countText);
const inFlight = Number(inFlightText);
if (!password || !(count > 0) || !(inFlight > 0)) {
  console.error('usage: node bench.cjs URL APP_TOKEN EMAIL PASSWORD COUNT IN_FLIGHT');
  process.exit(2);
}

// Shell mode returns API errors as values: a benchmark of failures would mean nothing.
function check(step, result) {
  if (result instanceof Error || (result && typeof result === 'object' && 'statusCode' in result)) {
    throw new Error(`${step} failed: ${JSON.stringify(result)}`);
  }
  return result;
}

async function scenario() {
  const api = defineOneEntry(url, { token });
  check('auth', await api.AuthProvider.auth('email', {
    authData: [
      { marker: 'email_reg', value: email },
      { marker: 'password_reg', value: password },
    ],
  }));
  const order = check('createOrder', await api.Orders.createOrder('orders', {
    formIdentifier: 'order',
    paymentAccountIdentifier: 'cash',
    formData: [{ type: 'string', marker: 'name', value: 'Christina Thomas' }],
    products: [{ productId: 15, quantity: 1 }],
  }));
  check('createSession', await api.Payments.createSession(order.id, 'session'));
  check('getSessionByOrderId', await api.Payments.getSessionByOrderId(order.id));
}

async function run(total, parallel) {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next += 1;
      await scenario();
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

(async () => {
  await run(Math.min(10, count), inFlight);
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await run(count, inFlight);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  console.log(JSON.stringify({ scenarios: count, seconds, cpuMicros: used.user + used.system }));
})().catch((error) => {
  console.error(error.message || error);
  process.exit(1);
});
