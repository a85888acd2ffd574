// SDK >= 22: the 'date' and 'time' markers (pitfall 15).
import { createDirectus, readItems, rest } from '@directus/sdk';
import type { Schema } from './gen/d3';

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? true
    : false;
declare function expectType<T extends true>(): void;

const client = createDirectus<Schema>('http://localhost:8055').with(rest());

export async function dates() {
  const r = await client.request(
    readItems('articles', { fields: ['publish_date', 'publish_time', 'year(publish_date)'] }),
  );
  expectType<Equal<(typeof r)[number]['publish_date'], string | null>>();
  expectType<Equal<(typeof r)[number]['publish_time'], string | null>>();
}
