import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createViewEnvironment } from './environment.ts';

const env = createViewEnvironment();
const render = (template: string, context: Record<string, unknown>) => env.renderString(template, context);

test('govukDate writes a calendar date as the GOV.UK style does, with no time zone to shift it', () => {
  assert.equal(render('{{ d | govukDate }}', { d: '2026-03-01' }), '1 March 2026');
  assert.equal(render('{{ d | govukDate }}', { d: '2024-02-29' }), '29 February 2024');
  assert.equal(render('{{ d | govukDate }}', { d: '' }), '');
  assert.equal(render('{{ d | govukDate }}', { d: null }), '');
});

test('govukDate and govukDateTime show a moment as the day and time in the UK', () => {
  // 23:30 UTC on 31 March 2026 is already 1 April in British Summer Time.
  assert.equal(render('{{ d | govukDate }}', { d: new Date('2026-03-31T23:30:00Z') }), '1 April 2026');
  assert.equal(render('{{ d | govukDateTime }}', { d: '2026-03-31T23:30:00Z' }), '1 Apr 2026, 00:30');
});

test('errorSummaryItems links each message to its field', () => {
  assert.equal(render('{% for i in e | errorSummaryItems %}{{ i.href }}={{ i.text }};{% endfor %}', { e: { title: 'Enter a title' } }), '#title=Enter a title;');
});
