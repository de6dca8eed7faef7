import { sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * AFTER INSERT, UPDATE and DELETE triggers on `table`, one each, FOR EACH
 * STATEMENT, calling `fn(args)` with the changed rows as the transition
 * tables `new_rows` and `old_rows`: a bulk load fires them once per
 * statement, not once per row. PostgreSQL allows transition tables only on a
 * trigger for a single event, hence three.
 */
export async function createStatementTriggers(db: Kysely<unknown>, table: string, namePart: string, fn: string, args: RawBuilder<unknown>): Promise<void> {
  const name = (event: string) => sql.id(`${table}_${namePart}_${event}`);
  const target = sql.id(table);
  const call = sql`${sql.id(fn)}(${args})`;
  await sql`
    CREATE TRIGGER ${name('ins')} AFTER INSERT ON ${target} REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ${call};
    CREATE TRIGGER ${name('upd')} AFTER UPDATE ON ${target} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ${call};
    CREATE TRIGGER ${name('del')} AFTER DELETE ON ${target} REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ${call};
  `.execute(db);
}
