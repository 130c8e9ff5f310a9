// Bad input through priod's ESDB listener gives an error that the client maps to a clear
// exception, within a few seconds: never a hang, a crashed Node process (the clients
// throw uncaught on some malformed replies) or a crashed priod. After each, priod runs
// and a normal append works. Through both official clients (on the BatchAppend path
// when advertised, and on the plain Append path via per-call credentials, which the
// client drops over tls=false), and raw through grpc-js with the client's generated
// stubs for what the clients cannot send.
//
//   node esdb_bad_input_test.cjs [--clients eventstore,kurrent] [--features all]  (each in its own process)
//   node esdb_bad_input_test.cjs --client eventstore|kurrent [--features all]
'use strict';

const {
  Stack, EsdbClient, Cases, main, options, perClient, rawProtocol, expectReject, describeError, withTimeout, assert, uuid,
} = require('./esdb_stack.cjs');

const opts = options({ client: '', clients: 'eventstore,kurrent', features: 'all', 'timeout-seconds': '120' });
const ANSWER_MS = 5000;

// A clear exception: an Error the client classified (a type other than unknown), or one
// with a message.
function clear(err, what) {
  assert.ok(err instanceof Error, `${what}: rejected with a non-Error ${describeError(err)}`);
  const classified = err.type && err.type !== 'unknown';
  assert.ok(classified || (typeof err.message === 'string' && err.message.trim().length > 0),
            `${what}: the error is neither classified nor has a message: ${describeError(err)}`);
}

const event = (c, extra = {}) => c.jsonEvent({ id: uuid(), type: 'EsdbBadInput', data: { ok: true }, ...extra });
const raw = () => `esdb-${uuid()}`;

if (!opts.client) {
  main('esdb_bad_input_test', async () => {
    const failed = await perClient(opts.clients.split(','), ['--features', opts.features,
                                                             '--timeout-seconds', opts['timeout-seconds']]);
    if (failed.length) throw new Error(`the runs with ${failed.join(', ')} failed`);
    return [];
  }, { timeoutSeconds: 2 * Number(opts['timeout-seconds']) + 30 });
} else {
main(`esdb_bad_input_test --client ${opts.client}`, async () => {
  const stack = await new Stack({ anonymousRole: 'admin', features: opts.features }).start();
  const all = [];

  // Afterwards priod still runs and a normal append (and read) works.
  async function stillWorks(c, what) {
    stack.assertAlive();
    const s = raw();
    const r = await withTimeout(c.append(s, [event(c)], { expected: c.NO_STREAM }), ANSWER_MS,
                                `normal append after ${what}`);
    assert.equal(r.nextExpectedRevision, 0n, `normal append after ${what}`);
    assert.equal((await c.readStream(s)).length, 1, `read after ${what}`);
  }

  for (const kind of [opts.client]) {
    const c = new EsdbClient(kind, stack.connectionString(kind));
    const batch = await c.usesBatchAppend().catch(() => false);
    const paths = [[batch ? 'BatchAppend' : 'Append', {}],
                   ['Append (per-call credentials)', { credentials: { username: 'u', password: 'p' } }]];
    for (const [pathName, extra] of paths) {
      const t = new Cases(`${kind} ${pathName}: `);
      all.push(t);
      const append = (stream, events, o = {}) => c.append(stream, events, { ...extra, ...o });
      const bad = async (what, promise, check) => {
        const err = await expectReject(promise, { ms: ANSWER_MS, what });
        clear(err, what);
        if (check) check(err);
        console.log(`#   ${what} → ${describeError(err)}`);
        await stillWorks(c, what);
      };

      await t.run(1, 'a malformed UUID as event id → error', () => bad('id not-a-uuid',
          append(raw(), [event(c, { id: 'not-a-uuid' })])));

      await t.run(2, 'an event over 1 MiB → MaxAppendSizeExceededError or an error naming the size', () => bad(
          'a 1.1 MiB event', append(raw(), [event(c, { data: { blob: 'x'.repeat(1100 * 1024) } })]), (err) => {
            assert.ok(err instanceof c.lib.MaxAppendSizeExceededError ||
                      /size|too (large|big)|exceed|limit|1048576|MiB/i.test(err.message),
                      `not a size error: ${describeError(err)}`);
          }));

      await t.run(3, 'a $-prefixed stream name → error', () => bad('stream $esdb-...',
          append(`$esdb-${uuid()}`, [event(c)])));

      await t.run(4, 'a 201-byte stream name → error (200 bytes is the limit)', () => bad('a 201-byte stream name',
          append('s'.repeat(201), [event(c)])));

      await t.run(5, 'a 200-byte stream name (2-byte characters) is fine', async () => {
        const name = `esdb-${'ä'.repeat(97)}x`;  // 5 + 194 + 1 = 200 bytes
        assert.equal(Buffer.byteLength(name), 200);
        const r = await withTimeout(append(name, [event(c)]), ANSWER_MS, 'append to a 200-byte stream');
        assert.ok(r.nextExpectedRevision >= 0n);
        assert.ok((await c.readStream(name)).length >= 1);
      });

      await t.run(6, 'a bad event among good ones writes none of them', async () => {
        const s = raw();
        await expectReject(append(s, [event(c), event(c, { id: 'not-a-uuid' }), event(c)]),
                           { ms: ANSWER_MS, what: 'append with one bad id' });
        await expectReject(c.readStream(s), { what: 'read of the refused stream', cls: c.lib.StreamNotFoundError });
        await stillWorks(c, 'the refused batch');
      });
    }
    all.push(await rawCases(stack, c, kind, stillWorks));
    await c.dispose();
  }
  const t = new Cases();
  all.push(t);
  await t.run('alive', 'priod is still running', async () => stack.assertAlive());
  await stack.stop();
  return all;
}, { timeoutSeconds: Number(opts['timeout-seconds']) });
}

// What the clients never send, raw, with the client's own generated stubs.
async function rawCases(stack, c, kind, stillWorks) {
  const t = new Cases(`${kind} raw gRPC: `);
  const p = rawProtocol(kind);
  const { grpc, streams, shared } = p;
  const client = new p.streamsGrpc.StreamsClient(stack.esdb, grpc.credentials.createInsecure());
  const metadata = () => {
    const m = new grpc.Metadata();
    m.add('connection-name', uuid());
    return m;
  };
  const streamId = (name) => {
    const id = new shared.StreamIdentifier();
    id.setStreamName(Uint8Array.from(Buffer.from(name, 'utf8')));
    return id;
  };
  const uuidOf = (text) => {
    const u = new shared.UUID();
    if (text !== undefined) u.setString(text);
    return u;
  };
  const proposed = (Cls, id) => {
    const m = new Cls();
    if (id !== null) m.setId(id);
    m.getMetadataMap().set('type', 'EsdbBadInput');
    m.getMetadataMap().set('content-type', 'application/json');
    m.setData(Buffer.from('{"ok":true}'));
    return m;
  };
  const appendOptions = (name, expected = 'any') => {
    const o = new streams.AppendReq.Options();
    o.setStreamIdentifier(streamId(name));
    if (expected === 'any') o.setAny(new shared.Empty());
    return o;
  };
  // A raw Append; resolves { error, response } or rejects on a hang.
  const rawAppend = (messages, what) => withTimeout(new Promise((resolve) => {
    const call = client.append(metadata(), { deadline: Date.now() + 3 * ANSWER_MS },
                               (error, response) => resolve({ error, response }));
    call.on('error', () => {});
    for (const m of messages) call.write(m);
    call.end();
  }), ANSWER_MS, what);
  const expectAppendError = async (messages, what) => {
    const { error, response } = await rawAppend(messages, what);
    if (!error) {
      throw new Error(`${what}: expected an error status, got ${response && JSON.stringify(response.toObject())}`);
    }
    assert.notEqual(error.code, grpc.status.OK);
    console.log(`#   ${what} → status ${error.code} ${JSON.stringify(error.details)} ` +
                `trailers ${JSON.stringify(error.metadata.getMap())}`);
    await stillWorks(c, what);
  };
  const req = (set) => {
    const r = new streams.AppendReq();
    set(r);
    return r;
  };

  await t.run(1, 'Append: a string id that is not a UUID → error status', () => expectAppendError([
    req((r) => r.setOptions(appendOptions(`esdb-${uuid()}`))),
    req((r) => r.setProposedMessage(proposed(streams.AppendReq.ProposedMessage, uuidOf('not-a-uuid')))),
  ], 'raw Append, id "not-a-uuid"'));

  await t.run(2, 'Append: a UUID with neither string nor structured set → error status', () => expectAppendError([
    req((r) => r.setOptions(appendOptions(`esdb-${uuid()}`))),
    req((r) => r.setProposedMessage(proposed(streams.AppendReq.ProposedMessage, uuidOf(undefined)))),
  ], 'raw Append, empty UUID'));

  await t.run(3, 'Append: options without an expected-revision kind → error status', () => expectAppendError([
    req((r) => r.setOptions(appendOptions(`esdb-${uuid()}`, 'unset'))),
    req((r) => r.setProposedMessage(proposed(streams.AppendReq.ProposedMessage, uuidOf(uuid())))),
  ], 'raw Append, no expected_stream_revision'));

  await t.run(4, 'Append: a proposed message before the options → error status', () => expectAppendError([
    req((r) => r.setProposedMessage(proposed(streams.AppendReq.ProposedMessage, uuidOf(uuid())))),
  ], 'raw Append, no options'));

  await t.run(5, 'Append: options without a stream identifier → error status', () => expectAppendError([
    req((r) => { const o = new streams.AppendReq.Options(); o.setAny(new shared.Empty()); r.setOptions(o); }),
    req((r) => r.setProposedMessage(proposed(streams.AppendReq.ProposedMessage, uuidOf(uuid())))),
  ], 'raw Append, no stream_identifier'));

  await t.run(6, 'BatchAppend: options without an expected position → an error result the client can read, ' +
                 'or an error status', async () => {
    const what = 'raw BatchAppend, no expected_position';
    const correlation = uuid();
    const name = `esdb-${uuid()}`;
    const outcome = await withTimeout(new Promise((resolve) => {
      const call = client.batchAppend(metadata(), {});
      const timer = setTimeout(() => { call.cancel(); }, 3 * ANSWER_MS);
      call.on('data', (resp) => { clearTimeout(timer); call.cancel(); resolve({ resp }); });
      call.on('error', (error) => { clearTimeout(timer); resolve({ error }); });
      call.on('end', () => { clearTimeout(timer); resolve({ ended: true }); });
      const r = new streams.BatchAppendReq();
      r.setCorrelationId(uuidOf(correlation));
      const o = new streams.BatchAppendReq.Options();
      o.setStreamIdentifier(streamId(name));
      r.setOptions(o);
      r.addProposedMessages(proposed(streams.BatchAppendReq.ProposedMessage, uuidOf(uuid())));
      r.setIsFinal(true);
      call.write(r);
    }), ANSWER_MS, what);
    if (outcome.error) {
      if (outcome.error.code === grpc.status.CANCELLED && /Cancelled on client/.test(outcome.error.details)) {
        throw new Error(`${what}: no answer`);
      }
      console.log(`#   ${what} → status ${outcome.error.code} ${JSON.stringify(outcome.error.details)}`);
    } else if (outcome.ended) {
      throw new Error(`${what}: the call ended OK without an answer`);
    } else {
      const resp = outcome.resp;
      assert.ok(resp.hasError(), `${what}: expected an error result, got ${JSON.stringify(resp.toObject())}`);
      assert.ok(resp.getCorrelationId() && resp.getCorrelationId().getString() === correlation,
                `${what}: correlation id echoed (${JSON.stringify(resp.getCorrelationId() &&
                                                                  resp.getCorrelationId().toObject())})`);
      assert.ok(resp.hasStreamIdentifier(), `${what}: stream_identifier set (the client needs it)`);
      assert.ok(resp.getError().getDetails(), `${what}: error.details set (the client crashes without)`);
      console.log(`#   ${what} → error result ${resp.getError().getDetails().getTypeUrl()} ` +
                  `${JSON.stringify(resp.getError().getMessage())}`);
    }
    const missing = await expectReject(c.readStream(name), { what: `read of ${name}` });
    assert.ok(missing instanceof c.lib.StreamNotFoundError, `nothing was written: ${describeError(missing)}`);
    await stillWorks(c, what);
  });

  await t.run(7, 'Read: options with neither stream nor all → error status', async () => {
    const what = 'raw Read, no stream_option';
    const r = new streams.ReadReq();
    const o = new streams.ReadReq.Options();
    o.setReadDirection(0);
    o.setResolveLinks(false);
    o.setCount('10');
    const u = new streams.ReadReq.Options.UUIDOption();
    u.setString(new shared.Empty());
    o.setUuidOption(u);
    o.setNoFilter(new shared.Empty());
    r.setOptions(o);
    const outcome = await withTimeout(new Promise((resolve) => {
      const call = client.read(r, metadata(), { deadline: Date.now() + 3 * ANSWER_MS });
      const got = [];
      call.on('data', (m) => got.push(m));
      call.on('error', (error) => resolve({ error, got }));
      call.on('end', () => setImmediate(() => resolve({ ended: true, got })));
    }), ANSWER_MS, what);
    if (!outcome.error) throw new Error(`${what}: ended OK with ${outcome.got.length} messages, not an error`);
    console.log(`#   ${what} → status ${outcome.error.code} ${JSON.stringify(outcome.error.details)}`);
    await stillWorks(c, what);
  });

  client.close();
  return t;
}
