/* schema: the project's declared unique keys, read from its schema files
** (SQL migrations and dumps through sql_unique_keys, Prisma's schema.prisma),
** per table. check-then-act asks it whether a duplicate insert would fail
** on a unique index rather than corrupt data. Names are lower-cased, tables
** without their schema (as the SQL classifier names them). Bounded: at most
** SCHEMA_MAX_TABLES tables and SCHEMA_MAX_KEYS keys a table; more is
** dropped. Reading never fails: text it cannot read adds nothing. */
#ifndef TXLINT_SCHEMA_SCHEMA_H
#define TXLINT_SCHEMA_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/map.h"

enum { SCHEMA_MAX_TABLES = 2048, SCHEMA_MAX_KEYS = 16, SCHEMA_MAX_COLS = 8, SCHEMA_MAX_GENERATED = 8 };

typedef struct SchemaKey {
  const char *cols[SCHEMA_MAX_COLS]; /* lower-cased, in the arena */
  uint8_t n_cols;
  bool primary;
  bool nullable; /* a unique column that may be NULL (TypeORM `nullable: true`): it guards only
                    the rows that set it, so it counts only for an insert known to set it */
} SchemaKey;

typedef struct SchemaTable {
  const char *name;                               /* lower-cased, in the arena */
  SchemaKey keys[SCHEMA_MAX_KEYS];
  uint8_t n_keys;
  const char *generated[SCHEMA_MAX_GENERATED];   /* columns the database fills in (serial, identity, …) */
  uint8_t n_generated;
} SchemaTable;

typedef struct Schema {
  Arena *arena;  /* owned */
  Map tables;    /* name → SchemaTable* (both in the arena) */
  SchemaTable **list; /* in the arena: the tables in order of first mention */
  uint32_t n_tables;
} Schema;

Schema *schema_new(void);
void schema_delete(Schema *self);
/* Whether a file of this name (a base name) is a schema file txlint reads:
** `*.sql`, and `*.prisma` (schema.prisma, or a folder of them). */
bool schema_is_file_name(const char *name);
/* Adds the keys that text[0..len) declares, read as the file name says
** (schema_is_file_name); returns how many. */
size_t schema_read(Schema *self, const char *name, const char *text, size_t len);
size_t schema_read_sql(Schema *self, const char *text, size_t len);
/* model X { f T @unique; @@unique([a, b]); @@id([a, b]); f T @id } with
** @@map("table") and @map("col"); a model is known by both its name and its
** mapped table. An @id with @default(autoincrement()), uuid(), cuid(),
** nanoid() or ulid() is generated. */
size_t schema_read_prisma(Schema *self, const char *text, size_t len);
/* Whether JS/TS or Go source text may declare keys schema_read_source reads
** (a cheap test for the scan: `@Entity`, `createTable`, `pgTable`, `gorm:"`, …). */
bool schema_source_may_declare(const char *text, size_t len);
/* Adds the keys JS/TS source declares through an ORM or schema builder:
** TypeORM entities (`@Entity` classes: `@PrimaryColumn`, `@PrimaryGeneratedColumn`,
** `@Column({ unique: true })`, `@Index({ unique: true })`, class `@Unique([…])`
** and `@Index([…], { unique: true })`), knex `createTable('t', table => …)`
** (`.unique()`, `.primary()`, `table.unique([…])`, `increments`) and drizzle
** `pgTable` / `mysqlTable` / `sqliteTable` (`.unique()`, `.primaryKey()`,
** `uniqueIndex(…).on(…)`, `serial`), Sequelize models and migrations
** (`define('t', attrs, { indexes })`, `X.init(attrs, { tableName })`,
** `createTable('t', attrs)`: `unique: true`, `unique: 'name'`, `primaryKey`;
** `addIndex('t', […], { unique: true })`, `addConstraint`; a column without
** `allowNull: false` may be NULL), and Go structs' GORM tags
** (`uniqueIndex`, `uniqueIndex:name` shared by fields, `unique`,
** `primaryKey`), the table known by the struct's name; returns how many. */
size_t schema_read_source(Schema *self, const char *text, size_t len);
/* The table named name (any case), or NULL. */
const SchemaTable *schema_table(const Schema *self, const char *name);
/* Whether key guards anything a request could check: not a primary key of
** one generated column (`id SERIAL PRIMARY KEY` guards no other column). */
bool schema_key_counts(const SchemaTable *t, const SchemaKey *key);

#endif
