import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Db } from '../../db/database.ts';
import { sharedCache } from './shared-cache.ts';

/** Stand-ins for database handles: the cache looks only at which handle it is and whether it is a transaction. */
const handle = (isTransaction = false) => ({ isTransaction }) as unknown as Db;

function counting() {
  let reads = 0;
  let value = 'first';
  const cache = sharedCache(async () => {
    reads += 1;
    return value;
  });
  return { cache, reads: () => reads, change: (v: string) => (value = v) };
}

test('while the version a page read stands, the value comes from memory; a newer version reads it again', async () => {
  const db = handle();
  const { cache, reads, change } = counting();
  assert.equal(await cache.get(db, 1), 'first');
  assert.equal(await cache.get(db, 1), 'first');
  assert.equal(reads(), 1);
  change('second');
  assert.equal(await cache.get(db, 2), 'second', 'a change made anywhere shows at once');
  assert.equal(reads(), 2);
});

test('an older version, read by a page that started before the change, never replaces the newer value', async () => {
  const db = handle();
  const { cache, reads, change } = counting();
  await cache.get(db, 1);
  change('second');
  await cache.get(db, 2);
  assert.equal(await cache.get(db, 1), 'second', 'the late page reads the tables, as they are now');
  assert.equal(await cache.get(db, 2), 'second');
  assert.equal(reads(), 3, 'the newer value is still held');
});

test('inside a transaction, or without a version, the tables are read every time', async () => {
  const db = handle();
  const { cache, reads, change } = counting();
  await cache.get(db, 1);
  change('changed in the transaction');
  assert.equal(await cache.get(handle(true), 1), 'changed in the transaction');
  assert.equal(await cache.get(db, null), 'changed in the transaction');
  assert.equal(reads(), 3);
});

test('each database has its own value, and a failed read is not kept', async () => {
  const [one, two] = [handle(), handle()];
  let fail = true;
  const cache = sharedCache(async (db) => {
    if (db === two && fail) throw new Error('connection lost');
    return db === one ? 'one' : 'two';
  });
  assert.equal(await cache.get(one, 1), 'one');
  await assert.rejects(cache.get(two, 1), /connection lost/);
  fail = false;
  assert.equal(await cache.get(two, 1), 'two', 'the next page reads again');
  assert.equal(await cache.get(one, 1), 'one');
});
