/* sql_lex: the tokenizer behind the SQL classifier. It turns SQL text into
** words, quoted names and punctuation, and swallows everything a keyword scan
** must not look into: comments, string literals, dollar-quoted bodies and
** JavaScript template holes. Private to src/sql/. */
#ifndef TXLINT_SQL_SQL_LEX_H
#define TXLINT_SQL_SQL_LEX_H

#include <stdbool.h>
#include <stddef.h>

typedef enum SqlTokKind {
  SQL_TK_EOF,
  SQL_TK_WORD,   /* identifier or keyword, unquoted */
  SQL_TK_QUOTED, /* "name" or `name`: ptr/len exclude the quotes */
  SQL_TK_STRING, /* '…', E'…', $$…$$, $tag$…$tag$ */
  SQL_TK_HOLE,   /* ${…}: a value or name only known at run time */
  SQL_TK_PARAM,  /* $1, ?, $name */
  SQL_TK_NUMBER,
  SQL_TK_SEMI,
  SQL_TK_LPAREN,
  SQL_TK_RPAREN,
  SQL_TK_COMMA,
  SQL_TK_DOT,
  SQL_TK_EQ,
  SQL_TK_OP, /* any other operator character */
} SqlTokKind;

/* The keywords the classifier reacts to. Any other word is SQL_KW_NONE, which
** is also what makes a word usable as an alias. */
#define SQL_KEYWORDS(X)                                                                     \
  X(ABORT) X(AS) X(BEGIN) X(CHARACTERISTICS) X(COMMIT) X(COMMITTED) X(CONFLICT)            \
  X(DEFERRABLE) X(DEFERRED) X(DELAYED) X(DELETE) X(DISTINCT) X(DO) X(DUPLICATE) X(END)     \
  X(EXCLUSIVE) X(EXTRACT) X(FOR) X(FROM) X(GLOBAL) X(HIGH_PRIORITY) X(IGNORE)              \
  X(IMMEDIATE) X(IN) X(INSERT) X(INTO) X(ISOLATION) X(JOIN) X(KEY) X(LATERAL) X(LEVEL)     \
  X(LIMIT) X(LOCAL) X(LOCK) X(LOW_PRIORITY) X(NO) X(NOT) X(ON) X(ONLY) X(OR) X(ORDER)      \
  X(OVERLAY) X(POSITION) X(PREPARED) X(READ) X(RELEASE) X(REPEATABLE) X(REPLACE)            \
  X(RETURNING) X(ROLLBACK) X(SAVEPOINT) X(SELECT) X(SERIALIZABLE) X(SESSION) X(SET)         \
  X(SHARE) X(START) X(SUBSTRING) X(TABLE) X(TABLES) X(TO) X(TRAN) X(TRANSACTION) X(TRIM)    \
  X(UNCOMMITTED) X(UPDATE) X(USING) X(WHERE) X(WITH) X(WORK) X(WRITE)

typedef enum SqlKw {
  SQL_KW_NONE,
#define SQL_KW_ENUM(name) SQL_KW_##name,
  SQL_KEYWORDS(SQL_KW_ENUM)
#undef SQL_KW_ENUM
} SqlKw;

typedef struct SqlTok {
  SqlTokKind kind;
  SqlKw kw;        /* for SQL_TK_WORD */
  const char *ptr; /* borrowed: points into the text being classified */
  size_t len;
} SqlTok;

typedef struct SqlLexer {
  const char *p;   /* borrowed: next unread byte */
  const char *end; /* borrowed: one past the last byte */
  bool stmt_start; /* no token yet in this statement: '#' starts a MySQL comment */
  bool saw_hole;   /* a ${…} hole was seen anywhere, even inside a string */
} SqlLexer;

/* Starts reading text[0..len). */
void sql_lexer_init(SqlLexer *self, const char *text, size_t len);
/* Reads the next token into *out (SQL_TK_EOF at the end, repeatedly). */
void sql_lexer_next(SqlLexer *self, SqlTok *out);
/* True when a word or quoted token spells the same name as another, ignoring
** ASCII case (the classifier compares column and table names this way). */
bool sql_tok_same_name(const SqlTok *a, const SqlTok *b);

#endif
