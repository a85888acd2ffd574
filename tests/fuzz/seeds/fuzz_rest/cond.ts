const r = (readItems as any)('articles', {
	filter: p && t ? { title: { _eq: s } } : { title: { _eq: s }, status: { _eq: 'x' } },
	fields: a ? b ? ['id'] : ['title', { author: ['name'] }] : ['slug', c ? 'x' : 'y'],
	sort: a?.b ?? c ? '-id' : 'title',
});
directus.request((readItem as unknown as F)('articles', 1, { fields: q ? base : undefined }));
