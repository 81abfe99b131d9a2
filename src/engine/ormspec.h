/* ormspec: the "data" section of a library model (rules/LANG/NAME.json):
** how an ORM's or a query builder's calls read and write tables. Which calls
** run a statement and what kind (read, count, insert, update, delete, upsert,
** save, increment), where the table comes from (a delegate's member name,
** a string or entity argument, a Go argument's struct type), what carries a
** table along a chain (`knex('t').where(…).first()`, `db.Where(…).First(&u)`),
** which arguments are the values written, and what protects a statement
** (a locking read, an atomic write, the transaction an option names). The
** format is documented in docs/models.md ("Data operations"); engine/ormops.c
** reads it. Loaded by apispec.c, owned by the spec's arena. */
#ifndef TXLINT_ENGINE_ORMSPEC_H
#define TXLINT_ENGINE_ORMSPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/array.h"
#include "base/map.h"

/* What value an entry applies to. */
typedef enum OrmRole {
  ORM_ON_CLIENT,  /* a value of one of the library's kinds ("receiver"): knex(…), db.Where(…) */
  ORM_ON_MODEL,   /* a model naming a table: a Prisma delegate, a Sequelize model class, a
                     TypeORM repository, a value of kind model */
  ORM_ON_BUILDER, /* the result of an earlier link that gives a builder (knex, drizzle, bun) */
  ORM_ON_ROW,     /* a row a read of the library returned, or one a link made (a Sequelize
                     instance, a TypeORM entity) */
  ORM_ON_MODULE,  /* a function the library exports, called by name (drizzle's pgTable) */
  ORM_ROLE_COUNT
} OrmRole;

/* The statement a call (or a chain) runs. */
typedef enum OrmOpKind {
  ORM_OP_NONE,
  ORM_OP_READ,
  ORM_OP_COUNT,      /* a read that only says whether or how many rows match (count, exists) */
  ORM_OP_INSERT,
  ORM_OP_UPDATE,
  ORM_OP_DELETE,
  ORM_OP_UPSERT,     /* one atomic statement that inserts or updates (upsert, findOrCreate,
                        FirstOrCreate): nothing to race */
  ORM_OP_SAVE,       /* inserts a new entity, updates one that was read (TypeORM save, GORM Save) */
  ORM_OP_INCREMENT,  /* a self-relative update computed in SQL (increment, decrement) */
} OrmOpKind;

/* What a call's result is, for the next link. */
typedef enum OrmGives {
  ORM_GIVES_NONE,    /* nothing the chain continues from (the statement's result) */
  ORM_GIVES_BUILDER,
  ORM_GIVES_MODEL,
  ORM_GIVES_ROW,     /* a new, unsaved row (TypeORM repository.create, Sequelize build) */
  ORM_GIVES_CLIENT,  /* a client again (GORM's chain methods return a *gorm.DB) */
} OrmGives;

/* An argument, or a member of an object literal argument ("key"). */
typedef struct OrmArgRef {
  int8_t arg;        /* -1: none */
  bool receiver;     /* the receiver itself (a row's save()) */
  const char *key;   /* a member of the object literal at arg, or NULL for the whole argument */
} OrmArgRef;

enum { ORM_MAX_TABLE_REFS = 3 };

typedef struct OrmEntry {
  const char *method;   /* "()" calls the value itself */
  uint8_t on;           /* OrmRole */
  unsigned receivers;   /* ORM_ON_CLIENT: bit (1 << ApiKind) per kind */
  uint8_t op;           /* OrmOpKind */
  bool deferred;        /* the statement runs when the chain is awaited or executed: the op is
                           reported at the chain's last modelled link */
  uint8_t gives;        /* OrmGives */
  bool table_member;    /* the table is the member of the receiver the entry's "members" rule
                           named (prisma.user) */
  OrmArgRef table[ORM_MAX_TABLE_REFS]; /* where the table name comes from, first found */
  uint8_t n_table;
  OrmArgRef values;     /* the values written (arg -1 and !receiver: none known) */
  OrmArgRef declares;   /* on a model: the call declares the model's table (User.init(…, { tableName })) */
  int8_t joins_arg;     /* the chain runs in the transaction this argument holds (knex .transacting(trx)) */
  int8_t batch_arg;     /* a managed transaction over the statements whose results are the elements of
                           this array argument (Prisma $transaction([…])) */
  bool locks;           /* the read locks the rows it reads (FOR UPDATE / FOR SHARE) */
  bool atomic;          /* the write becomes atomic by itself (ON CONFLICT … DO UPDATE / NOTHING) */
  bool returning;       /* the statement returns what it wrote (knex/drizzle returning()) */
  int8_t when_arg;      /* the entry applies only when argument when_arg … */
  const char *when_is;  /* … is this string constant (case-insensitive prefix: "UPDATE", "pessimistic_") … */
  const char *when_type;/* … or is a composite literal of this type (its last name: "Locking") */
  const char *doc;
  uint32_t next_same;   /* 1 + index of the next entry with this role and method, 0 = none */
  const char *fills_key; /* a write that, when it inserts, sets this member of the struct it is handed
                            (compared case-insensitively: GORM's primary key "id"), or NULL */
  bool overwrites;      /* with atomic or op upsert: on a conflict the write stores its values over the
                           row there (ON CONFLICT DO UPDATE, ON DUPLICATE KEY UPDATE, Prisma upsert):
                           atomic against a duplicate, not against a value read before it */
} OrmEntry;

/* A member of a value that names a model or hands on the client:
** `prisma.user` ("path": "*"), drizzle `db.query.users` ("query.*"),
** TypeORM `dataSource.manager` ("manager"). */
typedef struct OrmMember {
  unsigned receivers;   /* kinds of the value whose member it is */
  const char *prefix;   /* members before the model's name ("query"), or NULL */
  bool any;             /* the last member is any name, the model's ("*") */
  const char *name;     /* !any: the member's name */
  uint8_t gives;        /* ORM_GIVES_MODEL (table = the "*" member) or ORM_GIVES_CLIENT */
} OrmMember;

typedef ARRAY(const char *) OrmNames;

typedef struct OrmSpec {
  ARRAY(OrmEntry) entries;
  ARRAY(OrmMember) members;
  Map index;            /* "role/method" → 1 + index of the first entry */
  const char *transaction_option; /* statements join a transaction only when an options object
                           names it under this member (Sequelize `{ transaction: t }`) */
  const char *lock_option;        /* an options member that makes a read lock its rows (`lock`) */
  OrmNames atomic_value_keys;  /* a written value `{ increment: 1 }` is computed in SQL */
  OrmNames atomic_value_calls; /* a written value made by this function of the library
                                  (`gorm.Expr("n + ?", 1)`) is computed in SQL */
  OrmNames model_bases;        /* classes of the library whose subclasses are models (Sequelize
                                  Model, TypeORM BaseEntity) */
} OrmSpec;

/* Parses the "data" object of a model file into a new spec in arena. On an
** error writes "where: message" to err and returns NULL. */
OrmSpec *ormspec_load(Arena *arena, const void *json_data, char *err, size_t err_len);
/* The first entry of role and method (borrowed), or NULL; the next one of
** the same role and method is ormspec_next(self, e). */
const OrmEntry *ormspec_find(const OrmSpec *self, OrmRole role, const char *method);
const OrmEntry *ormspec_next(const OrmSpec *self, const OrmEntry *e);
/* True when name is one of list. */
bool ormspec_listed(const OrmNames *list, const char *name);
/* The name of an op ("read", …) for messages and tests. */
const char *ormspec_op_name(OrmOpKind op);

#endif
