/* sql: the SQL classifier (see sql.h). A keyword scanner over sql_lex tokens:
** it decides the statement's kind from its first words, then walks the rest
** once, reacting to the few keyword sequences that matter to the rules (table
** introducers, row locks, upserts, SET lists, isolation levels). It keeps a
** paren depth and a one-token memory, and never backtracks more than a peek. */
#include "sql/sql.h"

#include <stdint.h>
#include <string.h>

#include "sql/sql_lex.h"

enum { SQL_FN_PAREN_BITS = 32 };

typedef enum SetState {
  SET_NONE,          /* not inside an UPDATE's SET list */
  SET_EXPECT_TARGET, /* after SET or a comma: the next name is a column being assigned */
  SET_IN_VALUE,      /* after "col =": the value expression */
} SetState;

typedef struct Scan {
  SqlLexer lx;
  SqlTok tok;         /* the current token */
  SqlTok prev;        /* the token before it; SQL_TK_EOF at the start of a statement */
  SqlInfo *out;       /* borrowed: receives tables, holes and script facts */
  SqlInfo *facts;     /* borrowed: receives this statement's kind and row facts */
  SqlKind mode;       /* the statement's kind as known so far */
  SqlKind cte_write;  /* first INSERT/UPDATE/DELETE opening a WITH body, if any */
  bool in_with;       /* WITH seen, main verb not yet */
  int depth;          /* paren depth inside the statement */
  uint32_t fn_parens; /* bit d: paren level d holds EXTRACT/SUBSTRING/… arguments, whose FROM names no table */
  SetState set_state;
  SqlTok set_target;  /* column assigned in the current SET item */
  size_t buf_used;    /* bytes of out->names_buf in use */
} Scan;

static void scan_advance(Scan *s) {
  s->prev = s->tok;
  sql_lexer_next(&s->lx, &s->tok);
}

static bool scan_is(const Scan *s, SqlKw kw) { return s->tok.kind == SQL_TK_WORD && s->tok.kw == kw; }

/* Consumes the current token when it is keyword kw. */
static bool scan_accept(Scan *s, SqlKw kw) {
  if (!scan_is(s, kw)) return false;
  scan_advance(s);
  return true;
}

static bool scan_at_end(const Scan *s) { return s->tok.kind == SQL_TK_EOF || s->tok.kind == SQL_TK_SEMI; }

/* Section - Tables */

static bool kind_touches_tables(SqlKind kind) {
  return kind == SQL_SELECT || kind == SQL_INSERT || kind == SQL_UPDATE || kind == SQL_DELETE || kind == SQL_LOCK;
}

/* Adds a table name (lower-cased, deduplicated) to out->tables while room lasts. */
static void scan_record_table(Scan *s, const SqlTok *name) {
  SqlInfo *out = s->out;
  if (!s->in_with && !kind_touches_tables(s->mode)) return;
  if (name->len == 0 || out->n_tables >= SQL_MAX_TABLES) return;
  if (s->buf_used + name->len + 1 > sizeof out->names_buf) return;
  char *dst = out->names_buf + s->buf_used;
  for (size_t i = 0; i < name->len; i++) {
    char c = name->ptr[i];
    dst[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
  }
  dst[name->len] = '\0';
  for (size_t i = 0; i < out->n_tables; i++)
    if (strcmp(out->tables[i], dst) == 0) return;
  out->tables[out->n_tables++] = dst;
  s->buf_used += name->len + 1;
}

static bool tok_is_name_part(const SqlTok *t) {
  return t->kind == SQL_TK_WORD || t->kind == SQL_TK_QUOTED || t->kind == SQL_TK_HOLE;
}

/* Reads a possibly qualified name (a.b."c"). Returns its last part in *last;
** false when the current token cannot start a name. */
static bool scan_qualified_name(Scan *s, SqlTok *last) {
  if (!tok_is_name_part(&s->tok)) return false;
  *last = s->tok;
  scan_advance(s);
  while (s->tok.kind == SQL_TK_DOT) {
    scan_advance(s);
    if (!tok_is_name_part(&s->tok)) break;
    *last = s->tok;
    scan_advance(s);
  }
  return true;
}

/* Words that end a FROM item rather than name a table or alias it. */
static bool kw_is_clause(SqlKw kw) {
  switch (kw) {
  case SQL_KW_SELECT: case SQL_KW_WHERE: case SQL_KW_SET: case SQL_KW_ON: case SQL_KW_USING:
  case SQL_KW_JOIN: case SQL_KW_FROM: case SQL_KW_WITH: case SQL_KW_FOR: case SQL_KW_LIMIT:
  case SQL_KW_ORDER: case SQL_KW_RETURNING: case SQL_KW_LOCK: case SQL_KW_IN: case SQL_KW_DO:
    return true;
  default:
    return false;
  }
}

/* Reads one table reference after FROM/JOIN/INTO/UPDATE/USING/LOCK TABLE. A
** name followed by '(' is a function call (FROM unnest(…)) unless the caller
** expects a column list there (INSERT INTO t (a, b)). */
static void scan_table_ref(Scan *s, bool paren_is_columns) {
  while (scan_accept(s, SQL_KW_ONLY) || scan_accept(s, SQL_KW_LATERAL)) {}
  if (s->tok.kind == SQL_TK_WORD && kw_is_clause(s->tok.kw)) return;
  SqlTok last;
  if (!scan_qualified_name(s, &last)) return;
  if (s->tok.kind == SQL_TK_LPAREN && !paren_is_columns) return;
  if (last.kind != SQL_TK_HOLE) scan_record_table(s, &last);
}

/* Skips "[AS] alias" after a table reference. */
static void scan_skip_alias(Scan *s) {
  bool as = scan_accept(s, SQL_KW_AS);
  if (s->tok.kind == SQL_TK_QUOTED || (s->tok.kind == SQL_TK_WORD && (as || s->tok.kw == SQL_KW_NONE)))
    scan_advance(s);
}

/* Reads "ref [alias] {, ref [alias]}" (FROM a, b x, UPDATE a, b). */
static void scan_table_list(Scan *s) {
  for (;;) {
    scan_table_ref(s, false);
    scan_skip_alias(s);
    if (s->tok.kind != SQL_TK_COMMA) return;
    scan_advance(s);
  }
}

/* LOCK [TABLE|TABLES] a [IN … MODE], b READ …: every item may carry lock-mode words. */
static void scan_lock_tables(Scan *s) {
  if (!scan_accept(s, SQL_KW_TABLE)) scan_accept(s, SQL_KW_TABLES);
  for (;;) {
    scan_table_ref(s, false);
    while (!scan_at_end(s) && s->tok.kind != SQL_TK_COMMA) scan_advance(s);
    if (s->tok.kind != SQL_TK_COMMA) return;
    scan_advance(s);
  }
}

/* Section - Statement body */

/* Records the kind of a SELECT/INSERT/UPDATE/DELETE met in the body: the main
** verb after a WITH list, or the first write that opens a WITH body. */
static void scan_note_verb(Scan *s, SqlKind verb) {
  if (s->in_with && s->depth == 0) {
    s->mode = verb;
    s->in_with = false;
  } else if (s->prev.kind == SQL_TK_LPAREN && s->depth > 0 && verb != SQL_SELECT && s->cte_write == SQL_UNKNOWN) {
    s->cte_write = verb;
  }
}

/* At the start of a statement, just inside '(', or after a WITH list. */
static bool scan_at_verb_position(const Scan *s) {
  return s->prev.kind == SQL_TK_EOF || s->prev.kind == SQL_TK_LPAREN || (s->in_with && s->depth == 0);
}

/* INSERT [IGNORE | OR IGNORE | OR REPLACE | LOW_PRIORITY | …]; INTO is read by the body. */
static void scan_insert(Scan *s) {
  scan_note_verb(s, SQL_INSERT);
  scan_advance(s);
  for (;;) {
    if (scan_accept(s, SQL_KW_IGNORE)) {
      s->facts->on_conflict = true;
    } else if (scan_accept(s, SQL_KW_OR)) {
      if (scan_accept(s, SQL_KW_IGNORE) || scan_accept(s, SQL_KW_REPLACE)) s->facts->on_conflict = true;
    } else if (!scan_accept(s, SQL_KW_LOW_PRIORITY) && !scan_accept(s, SQL_KW_DELAYED) &&
               !scan_accept(s, SQL_KW_HIGH_PRIORITY)) {
      return;
    }
  }
}

/* INTO names a table only right after INSERT/REPLACE and their modifiers;
** SELECT … INTO var does not. */
static void scan_into(Scan *s) {
  SqlKw before = s->prev.kind == SQL_TK_WORD ? s->prev.kw : SQL_KW_NONE;
  scan_advance(s);
  if (before == SQL_KW_INSERT || before == SQL_KW_REPLACE || before == SQL_KW_IGNORE ||
      before == SQL_KW_LOW_PRIORITY || before == SQL_KW_DELAYED || before == SQL_KW_HIGH_PRIORITY)
    scan_table_ref(s, true);
}

/* UPDATE [LOW_PRIORITY] [IGNORE] [OR x] [ONLY] t [alias] {, …} as a statement verb. */
static void scan_update(Scan *s) {
  scan_note_verb(s, SQL_UPDATE);
  scan_advance(s);
  while (scan_accept(s, SQL_KW_LOW_PRIORITY) || scan_accept(s, SQL_KW_IGNORE)) {}
  if (scan_accept(s, SQL_KW_OR)) scan_advance(s);
  scan_table_list(s);
}

/* FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE / FOR KEY SHARE. The UPDATE is
** consumed here so that it is never taken for a statement verb. */
static void scan_for(Scan *s) {
  scan_advance(s);
  bool no = scan_accept(s, SQL_KW_NO);
  bool key = scan_accept(s, SQL_KW_KEY);
  if (no && !key) return;
  if (scan_accept(s, SQL_KW_UPDATE) || (!no && scan_accept(s, SQL_KW_SHARE))) s->facts->locks_rows = true;
}

/* ON CONFLICT / ON DUPLICATE KEY UPDATE (other ONs are join conditions). */
static void scan_on(Scan *s) {
  scan_advance(s);
  if (scan_accept(s, SQL_KW_CONFLICT)) {
    s->facts->on_conflict = true;
  } else if (scan_accept(s, SQL_KW_DUPLICATE)) {
    if (scan_accept(s, SQL_KW_KEY) && scan_accept(s, SQL_KW_UPDATE))
      s->facts->on_conflict = s->facts->on_conflict_updates = true;
  }
}

/* ISOLATION LEVEL {READ UNCOMMITTED | READ COMMITTED | REPEATABLE READ | SERIALIZABLE}. */
static void scan_isolation(Scan *s) {
  SqlIsolation level = SQL_ISO_DEFAULT;
  scan_advance(s);
  if (!scan_accept(s, SQL_KW_LEVEL)) return;
  if (scan_accept(s, SQL_KW_READ)) {
    if (scan_accept(s, SQL_KW_UNCOMMITTED)) level = SQL_ISO_READ_UNCOMMITTED;
    else if (scan_accept(s, SQL_KW_COMMITTED)) level = SQL_ISO_READ_COMMITTED;
  } else if (scan_accept(s, SQL_KW_REPEATABLE)) {
    if (scan_accept(s, SQL_KW_READ)) level = SQL_ISO_REPEATABLE_READ;
  } else if (scan_accept(s, SQL_KW_SERIALIZABLE)) {
    level = SQL_ISO_SERIALIZABLE;
  }
  if (s->mode == SQL_BEGIN || s->mode == SQL_SET_TRANSACTION) s->facts->isolation = level;
}

/* Words of a FROM clause that are not table introducers there. */
static bool scan_from_is_table(const Scan *s) {
  bool in_fn_args = s->depth < SQL_FN_PAREN_BITS && (s->fn_parens >> s->depth & 1u);
  return !in_fn_args && !(s->prev.kind == SQL_TK_WORD && s->prev.kw == SQL_KW_DISTINCT);
}

static void scan_open_paren(Scan *s) {
  SqlKw fn = s->prev.kind == SQL_TK_WORD ? s->prev.kw : SQL_KW_NONE;
  bool from_is_syntax = fn == SQL_KW_EXTRACT || fn == SQL_KW_SUBSTRING || fn == SQL_KW_TRIM ||
                        fn == SQL_KW_OVERLAY || fn == SQL_KW_POSITION;
  s->depth++;
  if (s->depth < SQL_FN_PAREN_BITS) {
    uint32_t bit = 1u << s->depth;
    s->fn_parens = from_is_syntax ? (s->fn_parens | bit) : (s->fn_parens & ~bit);
  }
  scan_advance(s);
}

static void scan_close_paren(Scan *s) {
  if (s->depth > 0) s->depth--;
  scan_advance(s);
}

/* Follows an UPDATE's SET list: remembers each assigned column and flags a
** value that reads the same column (n = n + 1, stock = GREATEST(stock - 1, 0)).
** Returns true when it consumed the current token. */
static bool scan_set_item(Scan *s) {
  if (s->set_state == SET_EXPECT_TARGET) {
    SqlTok target;
    s->set_state = SET_NONE;
    if (s->tok.kind == SQL_TK_HOLE || !scan_qualified_name(s, &target)) return false;
    if (s->tok.kind != SQL_TK_EQ) return true;
    s->set_target = target;
    s->set_state = SET_IN_VALUE;
    scan_advance(s);
    return true;
  }
  if (s->depth == 0 && s->tok.kind == SQL_TK_COMMA) {
    s->set_state = SET_EXPECT_TARGET;
    scan_advance(s);
    return true;
  }
  if (s->depth == 0 && s->tok.kind == SQL_TK_WORD && kw_is_clause(s->tok.kw)) {
    s->set_state = SET_NONE;
  } else if ((s->tok.kind == SQL_TK_WORD || s->tok.kind == SQL_TK_QUOTED) &&
             sql_tok_same_name(&s->tok, &s->set_target)) {
    s->facts->self_relative_update = true;
  }
  return false;
}

/* FROM a, b / JOIN c / USING d (not JOIN … USING (col)). Returns false, having
** consumed nothing, when this FROM is syntax inside EXTRACT(…) or IS DISTINCT FROM. */
static bool scan_table_intro(Scan *s) {
  SqlKw kw = s->tok.kw;
  if (kw == SQL_KW_FROM && !scan_from_is_table(s)) return false;
  scan_advance(s);
  if (kw == SQL_KW_JOIN) scan_table_ref(s, false);
  else if (s->tok.kind != SQL_TK_LPAREN) scan_table_list(s);
  return true;
}

/* Handles one word of the statement body; always consumes at least it. */
static void scan_word(Scan *s) {
  switch (s->tok.kw) {
  case SQL_KW_SELECT: scan_note_verb(s, SQL_SELECT); break;
  case SQL_KW_DELETE: scan_note_verb(s, SQL_DELETE); break;
  case SQL_KW_INSERT: scan_insert(s); return;
  case SQL_KW_INTO: scan_into(s); return;
  case SQL_KW_FOR: scan_for(s); return;
  case SQL_KW_ON: scan_on(s); return;
  case SQL_KW_ISOLATION: scan_isolation(s); return;
  case SQL_KW_UPDATE:
    if (!scan_at_verb_position(s)) break;
    scan_update(s);
    return;
  case SQL_KW_REPLACE:
    if (!scan_at_verb_position(s)) break;
    s->facts->on_conflict = s->facts->on_conflict_updates = true;
    scan_insert(s);
    return;
  case SQL_KW_FROM: case SQL_KW_JOIN: case SQL_KW_USING:
    if (!scan_table_intro(s)) break;
    return;
  case SQL_KW_WHERE:
    if (s->depth == 0 && s->mode != SQL_UNKNOWN) s->facts->has_where = true;
    break;
  case SQL_KW_SET:
    if (s->depth != 0 || s->mode != SQL_UPDATE || s->set_state != SET_NONE) break;
    scan_advance(s);
    s->set_state = SET_EXPECT_TARGET;
    return;
  case SQL_KW_LOCK: /* MySQL: LOCK IN SHARE MODE */
    scan_advance(s);
    if (scan_accept(s, SQL_KW_IN) && scan_is(s, SQL_KW_SHARE)) s->facts->locks_rows = true;
    return;
  case SQL_KW_READ:
    scan_advance(s);
    if (scan_is(s, SQL_KW_ONLY) && (s->mode == SQL_BEGIN || s->mode == SQL_SET_TRANSACTION))
      s->facts->read_only = true;
    return;
  default: break;
  }
  scan_advance(s);
}

/* Walks the rest of the statement up to ';' or the end of the text. */
static void scan_body(Scan *s) {
  while (!scan_at_end(s)) {
    if (s->set_state != SET_NONE && scan_set_item(s)) continue;
    switch (s->tok.kind) {
    case SQL_TK_LPAREN: scan_open_paren(s); break;
    case SQL_TK_RPAREN: scan_close_paren(s); break;
    case SQL_TK_WORD: scan_word(s); break;
    default: scan_advance(s); break;
    }
  }
}

/* Section - Statement verbs */

/* BEGIN starts a transaction when alone or followed by a transaction word;
** BEGIN followed by anything else opens a procedural block (PL/SQL, T-SQL,
** BEGIN ATOMIC), which is SQL_OTHER. */
static SqlKind scan_begin(Scan *s) {
  scan_advance(s);
  if (scan_at_end(s)) return SQL_BEGIN;
  if (s->tok.kind != SQL_TK_WORD) return SQL_OTHER;
  switch (s->tok.kw) {
  case SQL_KW_IMMEDIATE: case SQL_KW_EXCLUSIVE:
    /* SQLite takes the database's write lock at BEGIN: no other writer runs
    ** until it ends, so what it reads cannot change under it. */
    s->facts->isolation = SQL_ISO_SERIALIZABLE;
    return SQL_BEGIN;
  case SQL_KW_WORK: case SQL_KW_TRANSACTION: case SQL_KW_TRAN: case SQL_KW_ISOLATION: case SQL_KW_READ:
  case SQL_KW_NOT: case SQL_KW_DEFERRABLE: case SQL_KW_DEFERRED:
    return SQL_BEGIN;
  default:
    return SQL_OTHER;
  }
}

/* END [WORK|TRANSACTION] commits; END IF, END LOOP … close procedural blocks. */
static SqlKind scan_end(Scan *s) {
  scan_advance(s);
  if (scan_at_end(s) || scan_is(s, SQL_KW_WORK) || scan_is(s, SQL_KW_TRANSACTION)) return SQL_COMMIT;
  return SQL_OTHER;
}

/* ROLLBACK [WORK|TRANSACTION] [TO [SAVEPOINT] x | AND [NO] CHAIN]; ROLLBACK PREPARED is two-phase commit. */
static SqlKind scan_rollback(Scan *s) {
  scan_advance(s);
  if (!scan_accept(s, SQL_KW_WORK)) scan_accept(s, SQL_KW_TRANSACTION);
  if (scan_is(s, SQL_KW_TO)) return SQL_ROLLBACK_TO_SAVEPOINT;
  if (scan_is(s, SQL_KW_PREPARED)) return SQL_OTHER;
  return SQL_ROLLBACK;
}

/* SET [GLOBAL|SESSION|LOCAL] TRANSACTION … and SET SESSION CHARACTERISTICS AS TRANSACTION …. */
static SqlKind scan_set(Scan *s) {
  scan_advance(s);
  if (scan_accept(s, SQL_KW_SESSION)) {
    if (scan_is(s, SQL_KW_CHARACTERISTICS)) return SQL_SET_TRANSACTION;
  } else if (!scan_accept(s, SQL_KW_GLOBAL)) {
    scan_accept(s, SQL_KW_LOCAL);
  }
  return scan_is(s, SQL_KW_TRANSACTION) ? SQL_SET_TRANSACTION : SQL_OTHER;
}

/* Statement verbs that are recognised SQL but none of the kinds above. */
static bool tok_is_other_verb(const SqlTok *t) {
  static const char *const verbs[] = {
      "ALTER", "ANALYZE", "ATTACH", "CALL", "CHECKPOINT", "CLOSE", "CLUSTER", "COMMENT", "COPY",
      "CREATE", "DEALLOCATE", "DECLARE", "DESCRIBE", "DETACH", "DISCARD", "DO", "DROP", "EXEC",
      "EXECUTE", "EXPLAIN", "FETCH", "FLUSH", "GRANT", "IMPORT", "KILL", "LISTEN", "LOAD", "MERGE",
      "MOVE", "NOTIFY", "OPTIMIZE", "PRAGMA", "PREPARE", "REFRESH", "REINDEX", "RENAME", "RESET",
      "REVOKE", "SHOW", "TABLE", "TRUNCATE", "UNLISTEN", "USE", "VACUUM", "VALUES",
  };
  for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
    SqlTok v = {SQL_TK_WORD, SQL_KW_NONE, verbs[i], strlen(verbs[i])};
    if (sql_tok_same_name(t, &v)) return true;
  }
  return false;
}

/* Decides the kind from the first words. SELECT/INSERT/UPDATE/DELETE are left
** unconsumed for the body, which reads their tables and modifiers. */
static SqlKind scan_verb(Scan *s) {
  if (s->tok.kind != SQL_TK_WORD) return SQL_UNKNOWN;
  switch (s->tok.kw) {
  case SQL_KW_SELECT: return SQL_SELECT;
  case SQL_KW_INSERT: case SQL_KW_REPLACE: return SQL_INSERT;
  case SQL_KW_UPDATE: return SQL_UPDATE;
  case SQL_KW_DELETE: return SQL_DELETE;
  case SQL_KW_WITH: s->in_with = true; scan_advance(s); return SQL_UNKNOWN;
  case SQL_KW_BEGIN: return scan_begin(s);
  case SQL_KW_START: scan_advance(s); return scan_is(s, SQL_KW_TRANSACTION) ? SQL_BEGIN : SQL_OTHER;
  case SQL_KW_COMMIT: scan_advance(s); return scan_is(s, SQL_KW_PREPARED) ? SQL_OTHER : SQL_COMMIT;
  case SQL_KW_END: return scan_end(s);
  case SQL_KW_ROLLBACK: return scan_rollback(s);
  case SQL_KW_ABORT: scan_advance(s); return SQL_ROLLBACK;
  case SQL_KW_SAVEPOINT: scan_advance(s); return SQL_SAVEPOINT;
  case SQL_KW_RELEASE: scan_advance(s); return SQL_RELEASE_SAVEPOINT;
  case SQL_KW_SET: return scan_set(s);
  case SQL_KW_LOCK: scan_advance(s); return SQL_LOCK;
  default: return tok_is_other_verb(&s->tok) ? SQL_OTHER : SQL_UNKNOWN;
  }
}

/* Section - Scripts */

/* Classifies one statement starting at the current token, which is neither
** ';' nor the end. Returns its kind, also stored in facts->kind. */
static SqlKind scan_statement(Scan *s, SqlInfo *facts) {
  s->facts = facts;
  s->cte_write = SQL_UNKNOWN;
  s->in_with = false;
  s->depth = 0;
  s->fn_parens = 0;
  s->set_state = SET_NONE;
  s->prev = (SqlTok){SQL_TK_EOF, SQL_KW_NONE, NULL, 0};
  while (s->tok.kind == SQL_TK_LPAREN) scan_advance(s); /* (SELECT …) UNION (SELECT …) */
  s->mode = SQL_UNKNOWN;
  s->mode = scan_verb(s);
  if (s->mode == SQL_LOCK) scan_lock_tables(s);
  scan_body(s);
  SqlKind kind = s->in_with ? SQL_OTHER : s->mode;
  if (kind == SQL_SELECT && s->cte_write != SQL_UNKNOWN) kind = s->cte_write; /* WITH d AS (DELETE …) SELECT */
  facts->kind = kind;
  return kind;
}

void sql_classify(const char *text, size_t len, SqlInfo *out) {
  Scan s;
  SqlInfo later;
  memset(out, 0, sizeof *out);
  memset(&s, 0, sizeof s);
  s.out = out;
  sql_lexer_init(&s.lx, text ? text : "", text ? len : 0);
  sql_lexer_next(&s.lx, &s.tok);
  for (bool first = true; ; first = false) {
    while (s.tok.kind == SQL_TK_SEMI) scan_advance(&s);
    if (s.tok.kind == SQL_TK_EOF) break;
    if (first) {
      out->last_kind = scan_statement(&s, out);
      continue;
    }
    memset(&later, 0, sizeof later);
    out->multiple_statements = true;
    out->last_kind = scan_statement(&s, &later);
    if (out->isolation == SQL_ISO_DEFAULT) out->isolation = later.isolation;
    out->read_only = out->read_only || later.read_only;
  }
  out->has_holes = s.lx.saw_hole;
}

const char *sql_kind_name(SqlKind kind) {
  switch (kind) {
  case SQL_UNKNOWN: return "unknown";
  case SQL_SELECT: return "select";
  case SQL_INSERT: return "insert";
  case SQL_UPDATE: return "update";
  case SQL_DELETE: return "delete";
  case SQL_BEGIN: return "begin";
  case SQL_COMMIT: return "commit";
  case SQL_ROLLBACK: return "rollback";
  case SQL_SAVEPOINT: return "savepoint";
  case SQL_ROLLBACK_TO_SAVEPOINT: return "rollback to savepoint";
  case SQL_RELEASE_SAVEPOINT: return "release savepoint";
  case SQL_SET_TRANSACTION: return "set transaction";
  case SQL_LOCK: return "lock";
  case SQL_OTHER: return "other";
  }
  return "unknown";
}

/* Section - SET columns */

size_t sql_set_param_columns(const char *text, size_t len, SqlName *out, size_t max) {
  SqlLexer lx;
  SqlTok t, target = {SQL_TK_EOF, SQL_KW_NONE, NULL, 0};
  sql_lexer_init(&lx, text ? text : "", text ? len : 0);
  sql_lexer_next(&lx, &t);
  if (t.kind != SQL_TK_WORD || t.kw != SQL_KW_UPDATE) return 0;
  while (t.kind != SQL_TK_EOF && t.kind != SQL_TK_SEMI && !(t.kind == SQL_TK_WORD && t.kw == SQL_KW_SET))
    sql_lexer_next(&lx, &t);
  size_t n = 0;
  int depth = 0;
  bool in_value = false, from_param = false;
  for (sql_lexer_next(&lx, &t); t.kind != SQL_TK_EOF && t.kind != SQL_TK_SEMI; sql_lexer_next(&lx, &t)) {
    bool item_end = depth == 0 && (t.kind == SQL_TK_COMMA || (t.kind == SQL_TK_WORD && (t.kw == SQL_KW_WHERE ||
                                   t.kw == SQL_KW_FROM || t.kw == SQL_KW_RETURNING)));
    if (item_end) {
      if (in_value && from_param && target.ptr && n < max) out[n++] = (SqlName){target.ptr, target.len};
      in_value = from_param = false;
      target.ptr = NULL;
      if (t.kind != SQL_TK_COMMA) return n;
      continue;
    }
    if (t.kind == SQL_TK_LPAREN) depth++;
    if (t.kind == SQL_TK_RPAREN && depth > 0) depth--;
    if (!in_value && (t.kind == SQL_TK_WORD || t.kind == SQL_TK_QUOTED)) target = t; /* the last part of t.col */
    else if (!in_value && t.kind == SQL_TK_EQ) in_value = true;
    else if (in_value && (t.kind == SQL_TK_PARAM || t.kind == SQL_TK_HOLE)) from_param = true;
  }
  if (in_value && from_param && target.ptr && n < max) out[n++] = (SqlName){target.ptr, target.len};
  return n;
}

size_t sql_insert_columns(const char *text, size_t len, SqlName *out, size_t max) {
  SqlLexer lx;
  SqlTok t;
  sql_lexer_init(&lx, text ? text : "", text ? len : 0);
  sql_lexer_next(&lx, &t);
  if (t.kind != SQL_TK_WORD || t.kw != SQL_KW_INSERT) return 0;
  while (t.kind != SQL_TK_EOF && t.kind != SQL_TK_SEMI && !(t.kind == SQL_TK_WORD && t.kw == SQL_KW_INTO))
    sql_lexer_next(&lx, &t);
  /* the table, possibly qualified, then '(' */
  do {
    sql_lexer_next(&lx, &t);
    if (t.kind != SQL_TK_WORD && t.kind != SQL_TK_QUOTED) return 0;
    sql_lexer_next(&lx, &t);
  } while (t.kind == SQL_TK_DOT);
  if (t.kind != SQL_TK_LPAREN) return 0;
  size_t n = 0;
  bool item_start = true;
  for (sql_lexer_next(&lx, &t); t.kind != SQL_TK_RPAREN; sql_lexer_next(&lx, &t)) {
    if (t.kind == SQL_TK_COMMA) {
      item_start = true;
      continue;
    }
    if (t.kind != SQL_TK_WORD && t.kind != SQL_TK_QUOTED) return 0; /* a hole, or not a column list */
    if (item_start && n == max) return 0;
    if (item_start) out[n++] = (SqlName){t.ptr, t.len};
    item_start = false;
  }
  return n;
}

/* Section - Advisory locks */

/* True when t is the word w (lower case), ignoring case. */
static bool tok_word_is(const SqlTok *t, const char *w) {
  size_t n = strlen(w);
  if (t->kind != SQL_TK_WORD || t->len != n) return false;
  for (size_t i = 0; i < n; i++) {
    char c = t->ptr[i] >= 'A' && t->ptr[i] <= 'Z' ? (char)(t->ptr[i] + 32) : t->ptr[i];
    if (c != w[i]) return false;
  }
  return true;
}

/* Whether t ends a WHERE clause at its top level. */
static bool where_ends(const SqlTok *t) {
  static const char *const words[] = {"group", "having", "window", "union", "intersect", "except"};
  if (t->kind != SQL_TK_WORD) return false;
  if (t->kw == SQL_KW_ORDER || t->kw == SQL_KW_LIMIT || t->kw == SQL_KW_FOR || t->kw == SQL_KW_RETURNING ||
      t->kw == SQL_KW_LOCK)
    return true;
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (tok_word_is(t, words[i])) return true;
  return false;
}

size_t sql_where_eq_columns(const char *text, size_t len, SqlName *out, size_t max) {
  SqlLexer lx;
  SqlTok t, name = {SQL_TK_EOF, SQL_KW_NONE, NULL, 0};
  sql_lexer_init(&lx, text ? text : "", text ? len : 0);
  sql_lexer_next(&lx, &t);
  if (t.kind != SQL_TK_WORD || t.kw != SQL_KW_SELECT) return 0;
  int depth = 0;
  while (t.kind != SQL_TK_EOF && t.kind != SQL_TK_SEMI && !(depth == 0 && t.kind == SQL_TK_WORD && t.kw == SQL_KW_WHERE)) {
    depth += t.kind == SQL_TK_LPAREN ? 1 : t.kind == SQL_TK_RPAREN ? -1 : 0;
    sql_lexer_next(&lx, &t);
  }
  size_t n = 0;
  for (sql_lexer_next(&lx, &t); t.kind != SQL_TK_EOF && t.kind != SQL_TK_SEMI; sql_lexer_next(&lx, &t)) {
    if (t.kind == SQL_TK_LPAREN) depth++;
    if (t.kind == SQL_TK_RPAREN && --depth < 0) break; /* the end of a subquery */
    if (depth > 0) continue;
    if (where_ends(&t)) break;
    if ((t.kind == SQL_TK_WORD && t.kw == SQL_KW_NONE) || t.kind == SQL_TK_QUOTED) name = t; /* the last part of t.col */
    else if (t.kind == SQL_TK_EQ && name.ptr && n < max) out[n++] = (SqlName){name.ptr, name.len}, name.ptr = NULL;
    else if (t.kind != SQL_TK_DOT) name.ptr = NULL;
  }
  return n;
}

bool sql_takes_advisory_lock(const char *text, size_t len) {
  static const char *const fns[] = {"pg_advisory_lock", "pg_advisory_xact_lock", "pg_try_advisory_lock",
                                    "pg_try_advisory_xact_lock", "get_lock"};
  SqlLexer lx;
  SqlTok t;
  sql_lexer_init(&lx, text ? text : "", text ? len : 0);
  for (sql_lexer_next(&lx, &t); t.kind != SQL_TK_EOF; sql_lexer_next(&lx, &t))
    for (size_t i = 0; t.kind == SQL_TK_WORD && i < sizeof fns / sizeof *fns; i++)
      if (tok_word_is(&t, fns[i])) return true;
  return false;
}

/* Section - Existence reads */

/* Skips a parenthesised group whose '(' is the current token. */
static void lex_skip_group(SqlLexer *lx, SqlTok *t) {
  int depth = 0;
  do {
    if (t->kind == SQL_TK_LPAREN) depth++;
    if (t->kind == SQL_TK_RPAREN) depth--;
    sql_lexer_next(lx, t);
  } while (depth > 0 && t->kind != SQL_TK_EOF);
}

/* Reads one select-list item; false when it may carry a column's value. */
static bool lex_existence_item(SqlLexer *lx, SqlTok *t) {
  bool fn = tok_word_is(t, "count") || tok_word_is(t, "exists");
  if (t->kind == SQL_TK_WORD && t->kw == SQL_KW_NOT) sql_lexer_next(lx, t), fn = tok_word_is(t, "exists");
  if (fn) {
    sql_lexer_next(lx, t);
    if (t->kind != SQL_TK_LPAREN) return false;
    lex_skip_group(lx, t);
  } else if (t->kind == SQL_TK_NUMBER || t->kind == SQL_TK_STRING || tok_word_is(t, "true") ||
             tok_word_is(t, "null")) {
    sql_lexer_next(lx, t);
  } else {
    return false;
  }
  if (t->kind == SQL_TK_WORD && t->kw == SQL_KW_AS) sql_lexer_next(lx, t);
  if ((t->kind == SQL_TK_WORD && t->kw == SQL_KW_NONE) || t->kind == SQL_TK_QUOTED) sql_lexer_next(lx, t);
  return true;
}

bool sql_select_existence(const char *text, size_t len) {
  SqlLexer lx;
  SqlTok t;
  sql_lexer_init(&lx, text ? text : "", text ? len : 0);
  sql_lexer_next(&lx, &t);
  while (t.kind == SQL_TK_LPAREN) sql_lexer_next(&lx, &t);
  if (t.kind != SQL_TK_WORD || t.kw != SQL_KW_SELECT) return false;
  sql_lexer_next(&lx, &t);
  for (;;) {
    if (!lex_existence_item(&lx, &t)) return false;
    if (t.kind != SQL_TK_COMMA) break;
    sql_lexer_next(&lx, &t);
  }
  return (t.kind == SQL_TK_WORD && t.kw == SQL_KW_FROM) || t.kind == SQL_TK_EOF || t.kind == SQL_TK_SEMI ||
         t.kind == SQL_TK_RPAREN;
}

/* Section - Which parameters are values written */

/* The 0-based index of parameter token t: $n is n-1, ? is its position among
** the ?s so far; -1 for named parameters ($name, :name). */
static int param_index_of(const SqlTok *t, int *n_question) {
  if (t->len == 1 && t->ptr[0] == '?') return (*n_question)++;
  if (t->len < 2 || t->ptr[0] != '$') return -1;
  int v = 0;
  for (size_t i = 1; i < t->len; i++) {
    if (t->ptr[i] < '0' || t->ptr[i] > '9' || v > 1000) return -1;
    v = v * 10 + (t->ptr[i] - '0');
  }
  return v - 1;
}

bool sql_value_params(const char *text, size_t len, uint64_t *out) {
  SqlLexer lx;
  sql_lexer_init(&lx, text, len);
  SqlTok t;
  SqlKw first = SQL_KW_NONE;
  bool in_values = false, named = false;
  int n_question = 0;
  uint64_t mask = 0;
  for (sql_lexer_next(&lx, &t); t.kind != SQL_TK_EOF && t.kind != SQL_TK_SEMI; sql_lexer_next(&lx, &t)) {
    if (t.kind == SQL_TK_WORD && first == SQL_KW_NONE && t.kw != SQL_KW_WITH) first = t.kw;
    if (t.kind == SQL_TK_WORD && first == SQL_KW_UPDATE && t.kw == SQL_KW_SET) in_values = true;
    if (t.kind == SQL_TK_WORD && (t.kw == SQL_KW_WHERE || t.kw == SQL_KW_RETURNING || t.kw == SQL_KW_FROM) &&
        first == SQL_KW_UPDATE)
      in_values = false;
    if (t.kind == SQL_TK_WORD && (first == SQL_KW_INSERT || first == SQL_KW_REPLACE)) in_values = true;
    if (t.kind != SQL_TK_PARAM) continue;
    int idx = param_index_of(&t, &n_question);
    if (idx < 0) named = true;
    else if (in_values && idx < 64) mask |= 1ull << idx;
  }
  if (named || (first != SQL_KW_UPDATE && first != SQL_KW_INSERT && first != SQL_KW_REPLACE)) return false;
  *out = mask;
  return true;
}
