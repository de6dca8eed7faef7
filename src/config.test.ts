import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, DEMO_SESSION_SECRET, loadConfig } from './config.ts';

test('defaults suit a laptop demo on the embedded database', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.demo, true);
  assert.equal(config.sessionIdleMinutes, 30);
  assert.equal(config.sessionAbsoluteHours, 12);
  assert.equal(config.trustProxy, false);
});

test('production refuses a missing, default or short secret, and demo mode', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), ConfigError);
  assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: DEMO_SESSION_SECRET }), /private value/);
  assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'too-short' }), /at least 32/);
  const secret = 'k'.repeat(40);
  assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret, DEMO: '1' }), /DEMO/);
  const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret });
  assert.equal(config.demo, false, 'production creates no demo accounts');
});

test('a bad setting is named in one readable message', () => {
  assert.throws(() => loadConfig({ PORT: 'eighty' }), /Setting PORT is invalid/);
  assert.throws(() => loadConfig({ COUNCIL_LA_CODE: '84' }), /COUNCIL_LA_CODE/);
});
