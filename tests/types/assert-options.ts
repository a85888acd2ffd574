// The options: --decimal number --bigint number --choices string
// --core-collections singular --name MySchema.
import { createDirectus, readItems, readMe, rest } from '@directus/sdk';
import type { MySchema } from './gen/d3-options';

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? true
    : false;
declare function expectType<T extends true>(): void;

const client = createDirectus<MySchema>('http://localhost:8055').with(rest());

export async function options() {
  const rows = await client.request(
    readItems('articles', { fields: ['price', 'views', 'status', 'priority'] }),
  );
  const a = rows[0]!;
  expectType<Equal<typeof a.price, number | null>>();
  expectType<Equal<typeof a.views, number | null>>();
  expectType<Equal<typeof a.status, string>>();
  expectType<Equal<typeof a.priority, number | null>>();
  const me = await client.request(readMe({ fields: ['nickname'] }));
  expectType<Equal<typeof me.nickname, string | null>>();
}
