/* schema_prisma: unique keys from a Prisma schema (schema_read_prisma).
** Prisma puts one field or block attribute per line, so the reader works
** line by line inside each `model X { … }`: a field line is `name Type
** @attr…`, a block attribute line starts with `@@`. Field names in
** @@unique/@@id are mapped to their columns (@map) when the model ends. */
#include <string.h>

#include "schema/schema_int.h"

enum { PRISMA_MAX_FIELDS = 256 };

typedef struct Span {
  const char *p;
  size_t n;
} Span;

typedef struct PrismaField {
  Span name, column; /* column: @map("…"), else the name */
  bool unique, id, generated;
} PrismaField;

typedef struct PrismaBlockKey {
  Span fields[SCHEMA_MAX_COLS];
  size_t n;
  bool primary;
} PrismaBlockKey;

typedef struct PrismaModel {
  Span name, table; /* table: @@map("…"), else empty */
  PrismaField fields[PRISMA_MAX_FIELDS];
  size_t n_fields;
  PrismaBlockKey keys[SCHEMA_MAX_KEYS];
  size_t n_keys;
} PrismaModel;

static bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static const char *skip_space(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r')) p++;
  return p;
}

static Span read_ident(const char **p, const char *end) {
  const char *s = *p;
  while (*p < end && ident_char(**p)) (*p)++;
  return (Span){s, (size_t)(*p - s)};
}

/* Whether line[0..n) contains `word` (an attribute such as "@unique") not
** followed by an identifier character; *after gets what follows it. */
static bool has_attr(Span line, const char *word, const char **after) {
  size_t w = strlen(word);
  for (size_t i = 0; i + w <= line.n; i++) {
    if (memcmp(line.p + i, word, w) != 0) continue;
    if (i + w < line.n && ident_char(line.p[i + w])) continue;
    if (i > 0 && line.p[i - 1] == '@') continue; /* "@unique" inside "@@unique" */
    if (after) *after = line.p + i + w;
    return true;
  }
  return false;
}

/* The string of `("x")` or `(name: "x")` starting at p, or an empty span. */
static Span paren_string(const char *p, const char *end) {
  if (p >= end || *p != '(') return (Span){NULL, 0};
  const char *q = memchr(p, '"', (size_t)(end - p)), *close = memchr(p, ')', (size_t)(end - p));
  if (!q || (close && close < q)) return (Span){NULL, 0};
  const char *e = memchr(q + 1, '"', (size_t)(end - q - 1));
  return e ? (Span){q + 1, (size_t)(e - q - 1)} : (Span){NULL, 0};
}

/* A field line: `email String @unique @map("email_address")`. */
static void read_field(PrismaModel *m, Span line) {
  const char *p = line.p, *end = line.p + line.n, *after = NULL;
  Span name = read_ident(&p, end);
  if (!name.n || m->n_fields >= PRISMA_MAX_FIELDS) return;
  PrismaField *f = &m->fields[m->n_fields++];
  *f = (PrismaField){name, name, false, false, false};
  if (has_attr(line, "@map", &after)) {
    Span col = paren_string(after, end);
    if (col.n) f->column = col;
  }
  f->unique = has_attr(line, "@unique", NULL);
  f->id = has_attr(line, "@id", NULL);
  static const char *const generators[] = {"autoincrement", "uuid", "cuid", "nanoid", "ulid", "dbgenerated"};
  if (has_attr(line, "@default", &after) && after < end && *after == '(') {
    const char *q = skip_space(after + 1, end);
    Span fn = read_ident(&q, end);
    for (size_t i = 0; i < sizeof generators / sizeof *generators; i++)
      if (fn.n == strlen(generators[i]) && memcmp(fn.p, generators[i], fn.n) == 0) f->generated = true;
  }
}

/* A block attribute line: `@@unique([a, b])`, `@@id(fields: [a, b])`, `@@map("t")`. */
static void read_block_attr(PrismaModel *m, Span line) {
  const char *end = line.p + line.n, *after = NULL;
  if (has_attr(line, "@@map", &after)) {
    Span t = paren_string(after, end);
    if (t.n) m->table = t;
    return;
  }
  bool primary = has_attr(line, "@@id", &after);
  if (!primary && !has_attr(line, "@@unique", &after)) return;
  const char *open = memchr(after, '[', (size_t)(end - after));
  if (!open || m->n_keys >= SCHEMA_MAX_KEYS) return;
  PrismaBlockKey *k = &m->keys[m->n_keys];
  *k = (PrismaBlockKey){{{0}}, 0, primary};
  int depth = 0;
  for (const char *p = open + 1; p < end && *p != ']';) {
    if (*p == '(') depth++;
    if (*p == ')') depth--;
    if (depth == 0 && ident_char(*p)) {
      Span f = read_ident(&p, end);
      if (k->n == SCHEMA_MAX_COLS) return; /* wider than we keep */
      k->fields[k->n++] = f;
      continue;
    }
    p++;
  }
  if (k->n) m->n_keys++;
}

static const PrismaField *field_named(const PrismaModel *m, Span name) {
  for (size_t i = 0; i < m->n_fields; i++)
    if (m->fields[i].name.n == name.n && memcmp(m->fields[i].name.p, name.p, name.n) == 0) return &m->fields[i];
  return NULL;
}

/* Adds model m's keys to table t, by its columns or by its field names;
** returns how many were new. */
static size_t add_model_keys(Schema *s, SchemaTable *t, const PrismaModel *m, bool by_column) {
  size_t added = 0;
  for (size_t i = 0; i < m->n_fields; i++) {
    const PrismaField *f = &m->fields[i];
    Span name = by_column ? f->column : f->name;
    const char *col[1] = {name.p};
    size_t len[1] = {name.n};
    if (f->generated) schema__add_generated(s, t, name.p, name.n);
    if (f->unique || f->id) added += schema__add_key(s, t, col, len, 1, f->id && !f->unique);
  }
  for (size_t i = 0; i < m->n_keys; i++) {
    const char *cols[SCHEMA_MAX_COLS];
    size_t lens[SCHEMA_MAX_COLS];
    for (size_t c = 0; c < m->keys[i].n; c++) {
      const PrismaField *f = field_named(m, m->keys[i].fields[c]);
      Span col = f && by_column ? f->column : m->keys[i].fields[c];
      cols[c] = col.p, lens[c] = col.n;
    }
    added += schema__add_key(s, t, cols, lens, m->keys[i].n, m->keys[i].primary);
  }
  return added;
}

/* The model's keys go under its name by field names (`prisma.user.create({
** data: { email } })` names the model and its fields) and by columns (raw
** SQL on a model without @@map), and under its mapped table by columns
** (what raw SQL names). A key already there is not added twice. */
static size_t model_done(Schema *s, const PrismaModel *m) {
  SchemaTable *model = schema__table_at(s, m->name.p, m->name.n);
  size_t n = add_model_keys(s, model, m, false);
  n += add_model_keys(s, model, m, true);
  if (m->table.n) n += add_model_keys(s, schema__table_at(s, m->table.p, m->table.n), m, true);
  return n;
}

/* The next line of text from *p, without its // comment, trimmed. */
static Span next_line(const char **p, const char *end) {
  const char *s = skip_space(*p, end), *e = s < end ? memchr(s, '\n', (size_t)(end - s)) : NULL;
  if (!e) e = end;
  *p = e < end ? e + 1 : end;
  bool in_str = false;
  for (const char *c = s; c < e; c++) {
    if (*c == '"') in_str = !in_str;
    if (!in_str && *c == '/' && c + 1 < e && c[1] == '/') e = c;
  }
  while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) e--;
  return (Span){s, (size_t)(e - s)};
}

size_t schema_read_prisma(Schema *self, const char *text, size_t len) {
  const char *p = text ? text : "", *end = p + (text ? len : 0);
  PrismaModel *m = arena_zalloc(self->arena, sizeof *m); /* ~70 KB: not on the stack */
  size_t n = 0;
  bool in_model = false;
  while (p < end) {
    Span line = next_line(&p, end);
    if (!in_model) {
      const char *q = line.p, *le = line.p + line.n;
      Span kw = read_ident(&q, le);
      if (kw.n != 5 || memcmp(kw.p, "model", 5) != 0) continue;
      q = skip_space(q, le);
      memset(m, 0, sizeof *m);
      m->name = read_ident(&q, le);
      in_model = m->name.n > 0 && memchr(q, '{', (size_t)(le - q)) != NULL;
    } else if (line.n && line.p[0] == '}') {
      n += model_done(self, m);
      in_model = false;
    } else if (line.n > 2 && line.p[0] == '@' && line.p[1] == '@') {
      read_block_attr(m, line);
    } else if (line.n && ident_char(line.p[0])) {
      read_field(m, line);
    }
  }
  return n;
}
