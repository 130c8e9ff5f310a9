// priod's ESDB listener over TLS with a prio token as the password, with both official
// clients: an admin token appends and reads; a service token reads and subscribes but
// its appends are refused (AccessDeniedError, on the BatchAppend and the Append path);
// an unknown token and no credentials are refused; and plaintext without credentials
// and without --esdb-anonymous-role is refused.
//
//   node esdb_tls_test.cjs [--clients eventstore,kurrent]   (each in its own process)
//   node esdb_tls_test.cjs --client eventstore|kurrent
'use strict';

const {
  Stack, EsdbClient, SubscriptionLog, Cases, main, options, perClient, expectReject, withTimeout, assert, uuid,
} = require('./esdb_stack.cjs');

const opts = options({ client: '', clients: 'eventstore,kurrent', 'timeout-seconds': '120' });

const event = (c, i) => c.jsonEvent({ id: uuid(), type: 'EsdbTls', data: { i } });
const raw = () => `esdb-${uuid()}`;

async function refusedEverywhere(c, what, stream) {
  const AccessDenied = c.lib.AccessDeniedError;
  await expectReject(c.append(raw(), [event(c, 0)]), { what: `${what}: append`, cls: AccessDenied });
  await expectReject(c.append(raw(), [event(c, 0)], { credentials: { username: 'x', password: 'not-a-token' } }),
                     { what: `${what}: append with per-call credentials`, cls: AccessDenied });
  await expectReject(c.readStream(stream), { what: `${what}: readStream`, cls: AccessDenied });
  await expectReject(c.readAll({ maxCount: 5 }), { what: `${what}: readAll`, cls: AccessDenied });
  const sub = new SubscriptionLog(c.subscribeToStream(stream), `${what}: subscribeToStream`);
  try {
    await withTimeout(new Promise((resolve, reject) => {
      const poll = () => {
        if (sub.errors.length) return resolve();
        if (sub.events().length || sub.has('caughtUp')) {
          return reject(new Error(`${what}: subscribeToStream delivered (${sub.summary()})`));
        }
        setTimeout(poll, 20);
      };
      poll();
    }), 10000, `${what}: subscribeToStream refusal`);
    assert.ok(sub.errors[0] instanceof AccessDenied,
              `${what}: subscribeToStream failed with ${sub.errors[0] && sub.errors[0].constructor.name}: ` +
              `${sub.errors[0] && sub.errors[0].message}, not AccessDeniedError`);
  } finally {
    await sub.close();
  }
}

if (!opts.client) {
  main('esdb_tls_test', async () => {
    const failed = await perClient(opts.clients.split(','), ['--timeout-seconds', opts['timeout-seconds']]);
    if (failed.length) throw new Error(`the runs with ${failed.join(', ')} failed`);
    return [];
  }, { timeoutSeconds: 2 * Number(opts['timeout-seconds']) + 30 });
} else {
main(`esdb_tls_test --client ${opts.client}`, async () => {
  const kind = opts.client;
  const stack = await new Stack({ tls: true }).start();
  const serviceToken = stack.createToken('service', 'esdb tls test');
  const plain = await new Stack({}).start();
  const t = new Cases(`${kind}: `);
  const admin = new EsdbClient(kind, stack.connectionString(kind, { token: stack.adminToken }));
  const service = new EsdbClient(kind, stack.connectionString(kind, { token: serviceToken, user: 'svc' }));
  const wrong = new EsdbClient(kind, stack.connectionString(kind, { token: 'f'.repeat(64) }));
  const anonymous = new EsdbClient(kind, stack.connectionString(kind));
  const anonymousPlain = new EsdbClient(kind, plain.connectionString(kind));
  const s = raw();
  const written = [];

  await t.run(1, 'admin token as the password: append, read, subscribe', async () => {
    const es = [event(admin, 0), event(admin, 1)];
    const r = await admin.append(s, es, { expected: admin.NO_STREAM });
    assert.equal(r.nextExpectedRevision, 1n);
    written.push(...es);
    const e2 = event(admin, 2);
    const r2 = await admin.append(s, [e2], {
      expected: 1n, credentials: { username: 'per-call', password: stack.adminToken } });
    assert.equal(r2.nextExpectedRevision, 2n, 'per-call credentials (plain Append)');
    written.push(e2);
    assert.deepEqual((await admin.readStream(s)).map((e) => e.id), written.map((e) => e.id), 'readStream');
    assert.ok((await admin.readAll({ direction: admin.BACKWARDS, fromPosition: admin.END, maxCount: 3 }))
                  .some((e) => e.streamId === s), 'readAll');
    const sub = new SubscriptionLog(admin.subscribeToStream(s), 'admin subscribeToStream');
    try {
      await sub.waitFor((l) => l.has('caughtUp'), 10000, 'caughtUp');
      assert.equal(sub.eventsBeforeCaughtUp().length, 3);
    } finally {
      await sub.close();
    }
  });

  await t.run(2, 'service token: reads and subscribes', async () => {
    assert.deepEqual((await service.readStream(s)).map((e) => e.id), written.map((e) => e.id), 'readStream');
    const viaPerCall = await anonymous.readStream(s, { credentials: { username: 'svc', password: serviceToken } });
    assert.equal(viaPerCall.length, written.length, 'readStream with per-call credentials');
    assert.ok((await service.readAll({ maxCount: 10 })).length > 0, 'readAll');
    const sub = new SubscriptionLog(service.subscribeToStream(s), 'service subscribeToStream');
    const subAll = new SubscriptionLog(service.subscribeToAll({ fromPosition: service.END }),
                                       'service subscribeToAll');
    try {
      await sub.waitFor((l) => l.has('caughtUp'), 10000, 'caughtUp');
      await subAll.waitFor((l) => l.has('confirmation'), 10000, 'confirmation');
      const e3 = event(admin, 3);
      await admin.append(s, [e3], { expected: 2n });
      written.push(e3);
      await sub.waitFor((l) => l.events().length === 4, 10000, 'the live event');
      await subAll.waitFor((l) => l.events().some((e) => e.id === e3.id), 10000, 'the live event on $all');
    } finally {
      await sub.close();
      await subAll.close();
    }
  });

  await t.run(3, 'service token: append refused with AccessDeniedError (BatchAppend/Append and plain Append)',
              async () => {
    const AccessDenied = service.lib.AccessDeniedError;
    await expectReject(service.append(s, [event(service, 9)]), { what: 'service append', cls: AccessDenied });
    await expectReject(service.append(raw(), [event(service, 9)], { expected: service.NO_STREAM }),
                       { what: 'service append to a new stream', cls: AccessDenied });
    await expectReject(anonymous.append(s, [event(service, 9)], {
      credentials: { username: 'svc', password: serviceToken } }),
                       { what: 'service append with per-call credentials', cls: AccessDenied });
    await expectReject(service.tombstone(s), { what: 'service tombstone', cls: AccessDenied });
    assert.equal((await admin.readStream(s)).length, written.length, 'the stream is unchanged');
  });

  await t.run(4, 'an unknown token is refused (AccessDeniedError) for append, read and subscribe',
              () => refusedEverywhere(wrong, 'unknown token', s));

  await t.run(5, 'TLS without credentials and without --esdb-anonymous-role is refused',
              () => refusedEverywhere(anonymous, 'TLS without credentials', s));

  await t.run(6, 'plaintext without credentials and without --esdb-anonymous-role is refused',
              () => refusedEverywhere(anonymousPlain, 'plaintext without credentials', raw()));

  await t.run(7, 'both priods still run, and the admin still appends', async () => {
    stack.assertAlive();
    plain.assertAlive();
    await admin.append(raw(), [event(admin, 0)], { expected: admin.NO_STREAM });
  });
  for (const c of [admin, service, wrong, anonymous, anonymousPlain]) await c.dispose();
  await stack.stop();
  await plain.stop();
  return [t];
}, { timeoutSeconds: Number(opts['timeout-seconds']) });
}
