// SDK >= 26 with --core-collections singular: a system collection extended
// singularly is not a singleton (directus#27195, fixed in 26; pitfall 5).
import { createDirectus, readSingleton, rest } from '@directus/sdk';
import type { MySchema } from './gen/d3-options';

const client = createDirectus<MySchema>('http://localhost:8055').with(rest());

export async function core() {
  // @ts-expect-error directus_users is not a singleton
  await client.request(readSingleton('directus_users'));
}
