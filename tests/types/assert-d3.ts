// Type-level assertions over the types generated from fixtures/types/d3.yaml
// (every SDK version).  Compiled, never run.
import {
  createDirectus,
  readItems,
  readMe,
  readSingleton,
  rest,
} from '@directus/sdk';
import type { GeoJSONGeometry, GeoJSONPoint, Schema } from './gen/d3';

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? true
    : false;
declare function expectType<T extends true>(): void;

const client = createDirectus<Schema>('http://localhost:8055').with(rest());

export async function singletons() {
  // @ts-expect-error readItems on a singleton is a type error (pitfall 1)
  await client.request(readItems('globals'));
  // @ts-expect-error readSingleton on a regular collection
  await client.request(readSingleton('articles'));
  // @ts-expect-error the default array form keeps system collections
  // from being singletons on every SDK (pitfall 5)
  await client.request(readSingleton('directus_users'));
  const g = await client.request(
    readSingleton('globals', { fields: ['site_title', 'settings'] }),
  );
  expectType<Equal<typeof g.site_title, string | null>>();
}

export async function scalars() {
  const rows = await client.request(
    readItems('articles', {
      fields: [
        'id', 'views', 'price', 'rating', 'published_at', 'keywords',
        'location', 'area', 'status', 'priority', 'mood', 'slug', 'secret',
        'is_featured',
      ],
    }),
  );
  const a = rows[0]!;
  expectType<Equal<typeof a.id, number>>();
  expectType<Equal<typeof a.price, string | null>>(); // decimal: a string
  expectType<Equal<typeof a.views, string | null>>(); // bigInteger
  expectType<Equal<typeof a.rating, number | null>>();
  expectType<Equal<typeof a.published_at, string | null>>(); // 'datetime'
  expectType<Equal<typeof a.keywords, string[] | null>>(); // 'csv'
  expectType<Equal<typeof a.location, GeoJSONPoint | null>>();
  expectType<Equal<typeof a.area, GeoJSONGeometry | null>>();
  expectType<Equal<typeof a.status, 'draft' | 'published'>>(); // choices
  expectType<Equal<typeof a.priority, 1 | 2 | null>>();
  expectType<Equal<typeof a.mood, string | null>>(); // allowOther
  expectType<Equal<typeof a.slug, string>>(); // NOT NULL
  expectType<Equal<typeof a.secret, string | null>>(); // hash
  expectType<Equal<typeof a.is_featured, boolean | null>>();
  // @ts-expect-error a field that does not exist
  await client.request(readItems('articles', { fields: ['nope'] }));
  // @ts-expect-error a presentation alias is not a field
  await client.request(readItems('articles', { fields: ['notice'] }));
}

export async function relations() {
  const rows = await client.request(
    readItems('articles', {
      fields: [
        'id',
        { author: ['name', { avatar: ['filename_download'] }] },
        { categories: ['id', { categories_id: ['slug'] }] },
        { translations: ['title', { languages_code: ['code'] }] },
        { user_created: ['email', 'nickname'] },
      ],
    }),
  );
  const a = rows[0]!;
  if (a.author !== null && typeof a.author === 'object') {
    expectType<Equal<typeof a.author.name, string>>();
    const av = a.author.avatar;
    if (av !== null && typeof av === 'object') {
      expectType<Equal<typeof av.filename_download, string>>();
    }
  }
  for (const c of a.categories ?? []) {
    if (typeof c === 'object' && c.categories_id !== null &&
        typeof c.categories_id === 'object') {
      expectType<Equal<typeof c.categories_id.slug, string>>();
    }
  }
  for (const t of a.translations ?? []) {
    if (typeof t === 'object') {
      expectType<Equal<typeof t.title, string | null>>();
    }
  }
  if (a.user_created !== null && typeof a.user_created === 'object') {
    expectType<Equal<typeof a.user_created.nickname, string | null>>();
  }
  // o2m
  const au = await client.request(
    readItems('authors', { fields: ['name', { articles: ['slug'] }] }),
  );
  for (const x of au[0]!.articles ?? []) {
    if (typeof x === 'object') expectType<Equal<typeof x.slug, string>>();
  }
  // @ts-expect-error a nested field that the related collection lacks
  await client.request(readItems('articles', { fields: [{ author: ['nope'] }] }));
}

export async function names() {
  const m = await client.request(readItems('my-items', { fields: ['label', '2fa-code'] }));
  expectType<Equal<(typeof m)[number]['label'], string | null>>();
  expectType<Equal<(typeof m)[number]['2fa-code'], string | null>>();
}

export async function core() {
  const me = await client.request(
    readMe({ fields: ['nickname', 'email', { avatar: ['id'] }] }),
  );
  expectType<Equal<typeof me.nickname, string | null>>();
  expectType<Equal<typeof me.email, string | null>>();
  if (me.avatar !== null && typeof me.avatar === 'object') {
    expectType<Equal<typeof me.avatar.id, string>>();
  }
}
