/*
 * policy_edit.c: "directus-drift accept" adds an entry to the policy file
 * by editing its text, never by re-serializing it (policy.h).
 *
 * The edit finds the top-level "accept" key with the loader's positions:
 *   - a block sequence with items: the new item goes right after the last
 *     line of the last item, with the same indentation for the dash and
 *     for the keys;
 *   - "accept:" with an empty value, "~", "null" or "[]": the value is
 *     removed and a block sequence follows the key line;
 *   - no "accept" key: an "accept:" block is appended at the end of the
 *     file (after a line break, when the file does not end with one);
 *   - anything else (a flow sequence with items, tags, anchors, a flow
 *     mapping at the top level) is refused rather than rewritten.
 * Line endings follow the file (CRLF when its first line ends so).  The
 * result is parsed again and must equal the old document plus the entry.
 */
#include "drift/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/load.h"
#include "drift/output.h"
#include "drift/policy.h"
#include "drift/tree.h"
#include "drift/utf8.h"
#include "drift/xalloc.h"

struct text {
	const char *p;
	size_t len;
	size_t *lines; /* offset of the start of each line, 1-based index */
	size_t nlines;
};

static void
text_index(struct text *t, const char *p, size_t len)
{
	size_t i, alloc = 64;

	t->p = p;
	t->len = len;
	t->lines = xreallocarray(NULL, alloc, sizeof(*t->lines));
	t->lines[0] = 0;
	t->lines[1] = 0;
	t->nlines = 1;
	for (i = 0; i < len; i++) {
		if (p[i] != '\n' || i + 1 == len)
			continue;
		if (t->nlines + 2 > alloc) {
			alloc *= 2;
			t->lines = xreallocarray(
			    t->lines, alloc, sizeof(*t->lines));
		}
		t->lines[++t->nlines] = i + 1;
	}
}

/* offset just past the line break of line l (or the end of the text) */
static size_t
line_end(const struct text *t, size_t l)
{
	if (l < t->nlines)
		return t->lines[l + 1];
	return t->len;
}

/*
 * Offset of line l, column c (1-based; columns count code points, as the
 * loader's do, and a byte order mark does not count); len if out of range.
 */
static size_t
text_off(const struct text *t, size_t l, size_t c)
{
	size_t off, end;

	if (l < 1 || l > t->nlines || c < 1)
		return t->len;
	off = t->lines[l];
	end = line_end(t, l);
	if (l == 1 && t->len >= 3 && memcmp(t->p, "\xef\xbb\xbf", 3) == 0)
		off = 3;
	while (off < end && --c > 0) {
		off++;
		while (off < end && ((unsigned char)t->p[off] & 0xc0) == 0x80)
			off++;
	}
	return off < end ? off : t->len;
}

/* column of the first non-blank byte of line l, 0 for a blank line */
static size_t
line_indent(const struct text *t, size_t l, char *first)
{
	size_t i = t->lines[l], end = line_end(t, l);

	while (i < end && t->p[i] == ' ')
		i++;
	if (i == end || t->p[i] == '\n' || t->p[i] == '\r')
		return 0;
	*first = t->p[i];
	return i - t->lines[l] + 1;
}

/* appends s as a YAML double-quoted scalar; -1 on invalid UTF-8 */
static int
add_yaml_quoted(struct buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	buf_addch(b, '"');
	while (u[i] != '\0') {
		unsigned cp, need, k;

		if (u[i] < 0x80) {
			unsigned char ch = u[i++];

			if (ch == '"' || ch == '\\')
				buf_addf(b, "\\%c", ch);
			else if (ch == '\n')
				buf_adds(b, "\\n");
			else if (ch == '\t')
				buf_adds(b, "\\t");
			else if (ch == '\r')
				buf_adds(b, "\\r");
			else if (ch < 0x20 || ch == 0x7f)
				buf_addf(b, "\\x%02x", ch);
			else
				buf_addch(b, ch);
			continue;
		}
		if (u[i] >= 0xc2 && u[i] <= 0xdf) {
			cp = u[i] & 0x1f;
			need = 1;
		} else if (u[i] >= 0xe0 && u[i] <= 0xef) {
			cp = u[i] & 0x0f;
			need = 2;
		} else if (u[i] >= 0xf0 && u[i] <= 0xf4) {
			cp = u[i] & 0x07;
			need = 3;
		} else {
			return -1;
		}
		for (k = 1; k <= need; k++) {
			if ((u[i + k] & 0xc0) != 0x80)
				return -1;
			cp = (cp << 6) | (u[i + k] & 0x3f);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return -1;
		if (cp == 0x85)
			buf_adds(b, "\\N");
		else if (cp == 0x2028)
			buf_adds(b, "\\L");
		else if (cp == 0x2029)
			buf_adds(b, "\\P");
		else if (cp < 0xa0)
			buf_addf(b, "\\x%02x", cp);
		else if (cp == 0xfeff || cp == 0xfffe || cp == 0xffff)
			buf_addf(b, "\\u%04X", cp);
		else
			buf_add(b, u + i, need + 1);
		i += need + 1;
	}
	buf_addch(b, '"');
	return 0;
}

static void
add_spaces(struct buf *b, size_t n)
{
	while (n-- > 0)
		buf_addch(b, ' ');
}

/*
 * The new item: the dash at column dash, keys at column key (1-based).
 * The reason was checked by add_yaml_quoted() beforehand.
 */
static void
add_item(struct buf *b, size_t dash, size_t key, const char *id,
    const char *reason, const char *expires, const char *eol)
{
	if (key <= dash)
		key = dash + 2;
	add_spaces(b, dash - 1);
	buf_addch(b, '-');
	add_spaces(b, key - dash - 1);
	buf_addf(b, "id: \"%s\"%s", id, eol);
	add_spaces(b, key - 1);
	buf_adds(b, "reason: ");
	add_yaml_quoted(b, reason);
	buf_adds(b, eol);
	if (expires != NULL) {
		add_spaces(b, key - 1);
		buf_addf(b, "expires: %s%s", expires, eol);
	}
}

static int
refuse(struct derr *err, const char *origin, unsigned line, unsigned col,
    const char *why)
{
	derr_set(err, DRIFT_EXIT_INPUT, origin, line, col,
	    "cannot add the "
	    "accept entry: %s",
	    why);
	return derr_hint(err, "add the entry by hand, in block style");
}

/*
 * Where the new item goes after the last item of a block sequence whose
 * dashes are at column dash: past the last line that belongs to the item
 * (more indented than the dash; trailing blank lines and less indented
 * comments stay where they are).
 */
static size_t
after_last_item(const struct text *t, size_t first_line, size_t dash)
{
	size_t l, last = first_line;

	for (l = first_line + 1; l <= t->nlines; l++) {
		char ch = 0;
		size_t c = line_indent(t, l, &ch);

		if (c == 0)
			continue;
		if (c <= dash)
			break;
		last = l;
	}
	return last;
}

/* is p[0..n) one of the null spellings, followed by the end of a token? */
static size_t
null_token(const char *p, size_t n)
{
	static const char *const spell[] = { "~", "null", "Null", "NULL" };
	size_t i, k;

	for (i = 0; i < DRIFT_ARRAY_LEN(spell); i++) {
		k = strlen(spell[i]);
		if (k <= n && memcmp(p, spell[i], k) == 0 &&
		    (k == n || p[k] == ' ' || p[k] == '\r' || p[k] == '\n' ||
			p[k] == '#'))
			return k;
	}
	return 0;
}

/*
 * The value of "accept:" is empty, null or []: find what to cut on the key
 * line ([cut, cut_end)), so that a block sequence can follow the line.
 */
static int
empty_value_span(
    const struct text *t, const struct tpair *kp, size_t *cut, size_t *cut_end)
{
	size_t i = text_off(t, kp->line, kp->col), end = line_end(t, kp->line);
	const char *p = t->p;

	if (i >= end)
		return -1;
	if (p[i] == '"' || p[i] == '\'') {
		char q = p[i++];

		while (i < end && p[i] != q)
			i++;
		i++;
	} else {
		i += strlen(kp->key);
	}
	while (i < end && p[i] == ' ')
		i++;
	if (i >= end || p[i] != ':')
		return -1;
	i++;
	while (i < end && p[i] == ' ')
		i++;
	*cut = *cut_end = i;
	if (i == end || p[i] == '#' || p[i] == '\r' || p[i] == '\n')
		return 0;
	if (p[i] == '[') {
		size_t j = i + 1;

		while (j < end && p[j] == ' ')
			j++;
		if (j < end && p[j] == ']') {
			*cut_end = j + 1;
			return 0;
		}
		return -1;
	}
	*cut_end = i + null_token(p + i, end - i);
	if (*cut_end == i)
		return -1;
	return 0;
}

/* widens [cut, cut_end) over blanks when nothing but a break follows */
static void
trim_cut(const struct text *t, size_t line, size_t *cut, size_t *cut_end)
{
	size_t end = line_end(t, line), j = *cut_end;

	while (j < end && t->p[j] == ' ')
		j++;
	if (j < end && t->p[j] != '\r' && t->p[j] != '\n')
		return;
	while (*cut > t->lines[line] && t->p[*cut - 1] == ' ')
		(*cut)--;
	*cut_end = j;
}

/* the new document must be the old one plus the entry, nothing else */
static int
same_plus_entry(
    const struct tnode *oldr, const struct tnode *newr, const char *id)
{
	const struct tnode *oa, *na, *last;
	size_t i, extra;

	if (newr == NULL || newr->kind != TN_MAP)
		return 0;
	oa = oldr != NULL && oldr->kind == TN_MAP ? tnode_get(oldr, "accept")
						  : NULL;
	extra = oldr == NULL || oldr->kind != TN_MAP ||
	    tnode_get_pair(oldr, "accept") == NULL;
	if (newr->u.map.n !=
	    (oldr != NULL && oldr->kind == TN_MAP ? oldr->u.map.n : 0) + extra)
		return 0;
	for (i = 0; i < newr->u.map.n; i++) {
		const struct tpair *np = &newr->u.map.v[i];

		if (strcmp(np->key, "accept") == 0)
			continue;
		if (!tnode_equal(&np->val, tnode_get(oldr, np->key)))
			return 0;
	}
	na = tnode_get(newr, "accept");
	if (na == NULL || na->kind != TN_SEQ || na->u.seq.n == 0)
		return 0;
	if (oa != NULL && oa->kind == TN_SEQ) {
		if (na->u.seq.n != oa->u.seq.n + 1)
			return 0;
		for (i = 0; i < oa->u.seq.n; i++)
			if (!tnode_equal(&oa->u.seq.v[i], &na->u.seq.v[i]))
				return 0;
	} else if (na->u.seq.n != 1) {
		return 0;
	}
	last = &na->u.seq.v[na->u.seq.n - 1];
	return tnode_str(tnode_get(last, "id")) != NULL &&
	    strcmp(tnode_str(tnode_get(last, "id")), id) == 0;
}

static int
check_args(
    const char *id, const char *reason, const char *expires, struct derr *err)
{
	struct buf scratch = BUF_INIT;
	int y, m, d, ret = -1;

	if (policy_check_id(id) == -1) {
		derr_set(err, DRIFT_EXIT_USAGE, NULL, 0, 0,
		    "malformed change "
		    "id \"%.*s\": expected 12 lowercase hexadecimal digits",
		    (int)utf8_boundary(id, strlen(id), 40), id);
		goto out;
	}
	if (reason == NULL || reason[strspn(reason, " \t\r\n")] == '\0') {
		derr_set(err, DRIFT_EXIT_USAGE, NULL, 0, 0, "%s",
		    reason == NULL || reason[0] == '\0'
			? "an accept entry needs a reason"
			: "an accept entry needs a reason, not blanks");
		goto out;
	}
	if (add_yaml_quoted(&scratch, reason) == -1) {
		derr_set(err, DRIFT_EXIT_USAGE, NULL, 0, 0,
		    "the reason is not "
		    "valid UTF-8");
		goto out;
	}
	if (expires != NULL && policy_parse_date(expires, &y, &m, &d) == -1) {
		derr_set(err, DRIFT_EXIT_USAGE, NULL, 0, 0,
		    "invalid date "
		    "\"%.40s\": expected a real date YYYY-MM-DD",
		    expires);
		goto out;
	}
	ret = 0;
out:
	buf_release(&scratch);
	return ret;
}

static int
build_edit(const char *origin, const struct text *t, const struct tnode *root,
    const char *id, const char *reason, const char *expires, struct buf *out,
    struct derr *err)
{
	const char *eol = "\n";
	const struct tpair *kp = NULL;
	const char *nl = memchr(t->p, '\n', t->len);
	size_t at, cut = 0, cut_end = 0, dash, key, topcol = 1;
	int ret = -1;

	if (nl != NULL && nl > t->p && nl[-1] == '\r')
		eol = "\r\n";
	if (root != NULL && root->kind == TN_MAP) {
		size_t off = text_off(t, root->line, root->col);

		if (off < t->len && t->p[off] == '{') {
			refuse(err, origin, root->line, root->col,
			    "the policy "
			    "is written in flow style");
			goto out;
		}
		kp = tnode_get_pair(root, "accept");
		if (root->u.map.n > 0)
			topcol = root->u.map.v[0].col;
	}
	if (kp == NULL) {
		/* append "accept:" at the end */
		buf_add(out, t->p, t->len);
		if (t->len > 0 && t->p[t->len - 1] != '\n')
			buf_adds(out, eol);
		add_spaces(out, topcol - 1);
		buf_addf(out, "accept:%s", eol);
		add_item(out, topcol + 2, topcol + 4, id, reason, expires, eol);
		ret = 0;
		goto out;
	}
	if (kp->val.kind == TN_SEQ && kp->val.u.seq.n > 0) {
		const struct tnode *it;
		size_t off = text_off(t, kp->val.line, kp->val.col);

		if (off < t->len && t->p[off] == '[') {
			refuse(err, origin, kp->val.line, kp->val.col,
			    "\"accept\" is a flow sequence ([...])");
			goto out;
		}
		if (off >= t->len || t->p[off] != '-') {
			refuse(err, origin, kp->val.line, kp->val.col,
			    "\"accept\" does not start with \"-\" (a tag or an "
			    "anchor?)");
			goto out;
		}
		dash = kp->val.col;
		it = &kp->val.u.seq.v[kp->val.u.seq.n - 1];
		key = it->kind == TN_MAP && it->u.map.n > 0 ? it->u.map.v[0].col
							    : dash + 2;
		at = after_last_item(t, it->line, dash);
		at = line_end(t, at);
		buf_add(out, t->p, at);
		if (at > 0 && t->p[at - 1] != '\n')
			buf_adds(out, eol);
		add_item(out, dash, key, id, reason, expires, eol);
		buf_add(out, t->p + at, t->len - at);
		ret = 0;
		goto out;
	}
	if (!(kp->val.kind == TN_NULL ||
		(kp->val.kind == TN_SEQ && kp->val.u.seq.n == 0)) ||
	    empty_value_span(t, kp, &cut, &cut_end) == -1) {
		refuse(err, origin, kp->line, kp->col,
		    "cannot tell where the "
		    "value of \"accept\" ends");
		goto out;
	}
	trim_cut(t, kp->line, &cut, &cut_end);
	at = line_end(t, kp->line);
	buf_add(out, t->p, cut);
	buf_add(out, t->p + cut_end, at - cut_end);
	if (at > 0 && t->p[at - 1] != '\n')
		buf_adds(out, eol);
	add_item(out, kp->col + 2, kp->col + 4, id, reason, expires, eol);
	buf_add(out, t->p + at, t->len - at);
	ret = 0;
out:
	return ret;
}

int
policy_accept_edit(const char *origin, const char *old, size_t len,
    const char *id, const char *reason, const char *expires, char **out,
    size_t *outlen, struct derr *err)
{
	struct tree *told = NULL, *tnew = NULL;
	struct policy *pold = NULL, *pnew = NULL;
	struct text t = { NULL, 0, NULL, 0 };
	struct buf res = BUF_INIT;
	struct derr perr = DERR_INIT;
	const struct tnode *root = NULL;
	size_t i;
	int ret = -1;

	*out = NULL;
	*outlen = 0;
	if (check_args(id, reason, expires, err) == -1)
		goto out;
	if (old == NULL)
		old = "";
	/* the old file must be a valid policy: that is what we keep */
	if (policy_parse(origin, old, len, &pold, err) == -1) {
		derr_hint(err, "fix the policy file before adding to it");
		goto out;
	}
	for (i = 0; i < pold->naccepts; i++) {
		if (strcmp(pold->accepts[i].id, id) != 0)
			continue;
		derr_set(err, DRIFT_EXIT_INPUT, origin, pold->accepts[i].line,
		    pold->accepts[i].col, "change \"%s\" is already accepted",
		    id);
		goto out;
	}
	/* policy_parse() accepted it: it loads, or it is blank */
	if (yaml_load(origin, old, len, NULL, &told, &perr) == 0)
		root = tree_root(told);
	text_index(&t, old, len);
	if (build_edit(origin, &t, root, id, reason, expires, &res, err) == -1)
		goto out;
	/* parse the result back: it must be the old document plus one entry */
	if (yaml_load(origin, res.buf, res.len, NULL, &tnew, &perr) == -1 ||
	    policy_from_tree(origin, tree_root(tnew), &pnew, &perr) == -1 ||
	    !same_plus_entry(root, tree_root(tnew), id)) {
		refuse(err, origin, 0, 0,
		    "the edited file would not read "
		    "back as the old one plus the entry; it was left as it "
		    "was");
		goto out;
	}
	*outlen = res.len;
	*out = buf_detach(&res, NULL);
	ret = 0;
out:
	free(t.lines);
	buf_release(&res);
	policy_free(&pold);
	policy_free(&pnew);
	tree_free(&told);
	tree_free(&tnew);
	return ret;
}

static int
write_atomic(const char *path, const char *data, size_t len, int have_mode,
    mode_t mode, struct derr *err)
{
	char *tmp = xasprintf("%s.tmp.XXXXXX", path);
	size_t done = 0;
	int fd = -1, ret = -1;

	fd = mkstemp(tmp);
	if (fd == -1) {
		derr_set(err, DRIFT_EXIT_INTERNAL, path, 0, 0,
		    "cannot create "
		    "a temporary file next to it: %s",
		    strerror(errno));
		goto out;
	}
	if (!have_mode) {
		mode_t um = umask(022);

		umask(um);
		mode = 0666 & ~um;
	}
	if (fchmod(fd, mode & 07777) == -1)
		goto fail;
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		done += (size_t)n;
	}
	if (fsync(fd) == -1)
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) == -1)
		goto fail;
	ret = 0;
	goto out;
fail:
	derr_set(err, DRIFT_EXIT_INTERNAL, path, 0, 0, "cannot write: %s",
	    strerror(errno));
	unlink(tmp);
out:
	if (fd != -1)
		close(fd);
	free(tmp);
	return ret;
}

/*
 * Locks the directory that holds path (flock, exclusive, waiting): every
 * accept on that policy file reads, edits and replaces it under the lock,
 * so that concurrent runs serialise and none loses another's entry.  The
 * file itself cannot carry the lock: it is replaced by rename(2), and it
 * may not exist yet.  Returns the descriptor to close, or -1 with err.
 */
static int
lock_dir_of(const char *path, struct derr *err)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd, r;

	if (slash == NULL)
		dir = xstrdup(".");
	else if (slash == path)
		dir = xstrdup("/");
	else
		dir = xasprintf("%.*s", (int)(slash - path), path);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1) {
		derr_set(err, DRIFT_EXIT_INTERNAL, path, 0, 0,
		    "cannot open its directory '%s': %s", dir, strerror(errno));
		goto out;
	}
	do
		r = flock(fd, LOCK_EX);
	while (r == -1 && errno == EINTR);
	if (r == -1) {
		derr_set(err, DRIFT_EXIT_INTERNAL, path, 0, 0,
		    "cannot lock its directory '%s': %s", dir, strerror(errno));
		close(fd);
		fd = -1;
	}
out:
	free(dir);
	return fd;
}

int
policy_accept_append(const char *path, const char *id, const char *reason,
    const char *expires, struct derr *err)
{
	struct buf old = BUF_INIT;
	char *res = NULL;
	size_t reslen = 0;
	mode_t mode = 0;
	FILE *fp = NULL;
	int fd, lockfd, in_place, have_mode = 0, ret = -1;

	lockfd = lock_dir_of(path, err);
	if (lockfd == -1)
		goto out;
	/* under the lock: what another accept wrote is read again here */
	if (output_check_dest(
		path, "config", &in_place, &mode, &have_mode, err) == -1)
		goto out;
	if (in_place) {
		derr_set(err, DRIFT_EXIT_INPUT, path, 0, 0,
		    "cannot edit config: not a regular file");
		goto out;
	}
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd == -1 && errno != ENOENT) {
		derr_set(err, DRIFT_EXIT_INPUT, path, 0, 0,
		    "cannot read config: %s", strerror(errno));
		goto out;
	}
	if (fd != -1) {
		fp = fdopen(fd, "rb");
		if (fp == NULL) {
			close(fd);
			derr_set(err, DRIFT_EXIT_INPUT, path, 0, 0,
			    "cannot read config: %s", strerror(errno));
			goto out;
		}
		old.max = 4u << 20;
		if (buf_read_file(&old, fp) == -1) {
			derr_set(err, DRIFT_EXIT_INPUT, path, 0, 0,
			    "cannot read config: %s", strerror(errno));
			goto out;
		}
	}
	if (policy_accept_edit(path, old.buf, old.len, id, reason, expires,
		&res, &reslen, err) == -1)
		goto out;
	if (write_atomic(path, res, reslen, have_mode, mode, err) == -1)
		goto out;
	ret = 0;
out:
	if (fp != NULL)
		fclose(fp);
	if (lockfd != -1)
		close(lockfd);
	buf_release(&old);
	free(res);
	return ret;
}
