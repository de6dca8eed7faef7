// A test reporter that writes each top-level suite's time, one line each,
// "seconds<TAB>name", slowest first: where the suite's time goes. npm test
// prints the slowest after the run. (Suites run on both engines are defined
// in a shared helper, so they are named, not located by file.)
export default async function* suiteTimes(source) {
  const seconds = new Map();
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0) {
      seconds.set(event.data.name, (seconds.get(event.data.name) ?? 0) + (event.data.details?.duration_ms ?? 0) / 1000);
    }
  }
  for (const [name, s] of [...seconds].sort((a, b) => b[1] - a[1])) yield `${s.toFixed(1)}\t${name}\n`;
}
