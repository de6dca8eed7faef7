/**
 * The floor: the least a page costs on this stack. A bare Fastify route reads
 * 50 rows in one query and renders them as a GOV.UK table inside the same
 * layout, with the same template engine, as every Steadfast page: no session,
 * no access policy, no audit. The http scenario measures it in the same run
 * as Steadfast's busiest pages, so their ratio is fair on a shared machine.
 *
 * Run as a process: DATABASE_URL or DATA_DIR, and PORT (0 for a free one).
 */
import Fastify from 'fastify';
import nunjucks from 'nunjucks';
import { openDatabase } from '../../src/db/database.ts';
import { navigationFor, ROLE_LABELS } from '../../src/platform/access/roles.ts';
import { createViewEnvironment } from '../../src/platform/views/environment.ts';

const PAGE = `{% extends "platform/views/templates/layout.njk" %}
{% from "govuk/components/table/macro.njk" import govukTable %}
{% block pageContent %}
<h1 class="govuk-heading-l">Children</h1>
{{ govukTable({ head: [{ text: "LA child ID" }, { text: "Name" }, { text: "Date of birth" }, { text: "Sex" }], rows: rows }) }}
{% endblock %}`;

const started = performance.now();
const opened = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR ?? './data' });
const page = nunjucks.compile(PAGE, createViewEnvironment());
const navigation = navigationFor('social_worker').map((item) => ({ ...item, active: item.href === '/children' }));

const app = Fastify({ logger: false });
app.get('/floor', async (_request, reply) => {
  // One cheap query (the unique index on la_child_id gives the order), so the floor measures the stack, not the query.
  const children = await opened.db
    .selectFrom('people')
    .select(['la_child_id', 'forename', 'surname', 'date_of_birth', 'sex'])
    .where('is_child', '=', true)
    .orderBy('la_child_id')
    .limit(50)
    .execute();
  const html = page.render({
    title: 'Children',
    app: { serviceName: 'Steadfast', councilName: 'The floor' },
    currentUser: { name: 'A Worker', roleLabel: ROLE_LABELS.social_worker },
    navigation,
    csrfToken: 'not-used',
    rows: children.map((c) => [{ text: c.la_child_id }, { text: `${c.forename} ${c.surname}` }, { text: c.date_of_birth }, { text: c.sex }]),
  });
  return reply.type('text/html; charset=utf-8').send(html);
});

const stop = async () => {
  await app.close();
  await opened.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
console.log(`The floor is ready at http://127.0.0.1:${port}/ (started in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
