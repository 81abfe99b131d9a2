/* ormops: ORM and query-builder calls as data operations, read from the
** models' "data" sections (ormspec.h). Two halves:
**
** * ormkinds.c, hooks of the kinds pass: values that are models (a class
**   that extends a model base, `sequelize.define('user', …)`,
**   `dataSource.getRepository(User)`, drizzle's `pgTable('users', …)`, a TS
**   `Repository<User>`, a project function that returns one), a project
**   class that extends a modelled class (`class PrismaService extends
**   PrismaClient`), and the kinds of a managed transaction's callback
**   parameter (Prisma's `tx`, knex's `trx`);
** * ormops.c, per function: the chains of calls that carry a table from
**   their first link to the statement (`knex('t').where(…).first()`, GORM
**   `db.Model(&User{}).Where(…).Update(…)`), found by following call results
**   (temporaries and locals), and for each statement a DbOp for dbops.c with
**   what the rules need beyond it (OrmOp): the connection it runs on, the
**   transaction an option names, the values it writes, its arguments. */
#ifndef TXLINT_ENGINE_ORMOPS_H
#define TXLINT_ENGINE_ORMOPS_H

#include "engine/analysis.h"
#include "engine/ormspec.h"

enum { ORMOP_MAX_ARGS = 12, ORMOP_MAX_VALUES = 8, ORMOP_MAX_OUTS = 4 };

/* What dbops.c needs of an ORM statement beyond its DbOp. */
typedef struct OrmOp {
  const IrValue *conn;    /* the client the chain runs on (`knex`, `trx`, `db`, `this.prisma`) */
  const IrValue *joins;   /* the transaction an option or a link names (Sequelize `{ transaction: t }`,
                             knex `.transacting(trx)`), or NULL */
  bool joins_required;    /* the library runs a statement in a transaction only when one is named
                             (Sequelize without CLS): without joins it is autocommit, even inside a
                             managed transaction's callback */
  bool in_batch;          /* an element of a managed batch (Prisma `$transaction([…])`) */
  bool batch_serializable;
  const IrValue *values[ORMOP_MAX_VALUES]; /* the values written (for an entity saved: what the
                             function stored in its members) */
  uint8_t n_values;
  const IrValue *args[ORMOP_MAX_ARGS]; /* every argument of the chain's links (keys and values) */
  uint8_t n_args;
  const char *outs[ORMOP_MAX_OUTS]; /* paths the statement writes what it read or made into (Go
                             `First(&u)`, `Create(&team)`; an entity whose id save() sets) */
  uint8_t n_outs;
  const char *entity;     /* the entity a save or insert writes as a whole (`repo.save(user)`,
                             GORM `Save(&u)`), or NULL */
  bool entity_loaded;     /* … one a read of this function loaded, with this call (block, instruction) */
  bool entity_stored;     /* … a loaded one: the function assigns a member of it */
  uint32_t entity_read_b, entity_read_i;
  uint32_t guard_block;   /* an insert through save(): the block that made the new entity, whose
                             control dependence decides the insert; UINT32_MAX: the call's own */
} OrmOp;

typedef struct OrmFn OrmFn;

/* Section - ormops.c */

/* The ORM statements of function fi (in mc's arena), or NULL when no library
** with a "data" section is in sight. */
OrmFn *ormops_prepare(ModCtx *mc, uint32_t fi);
/* The statement call (b, i) runs: fills *op (kind DB_NONE when none) and
** returns its OrmOp (borrowed from of), or NULL. */
const OrmOp *ormops_at(const OrmFn *of, uint32_t b, uint32_t i, DbOp *op);

/* Section - ormkinds.c (kinds.c hooks) */

/* A declared TS type that names a model (`Repository<User>`) or an instance
** of a project class extending a modelled class, else a zero kind. */
VKind ormkinds_type_kind(ModCtx *mc, const char *type);
/* A class the module declares (JS) that is a model or extends a modelled
** class, else a zero kind. */
VKind ormkinds_class(ModCtx *mc, const char *name);
/* Results of calls that are models: a link that gives one, a project
** function whose summary returns one (into ev->result). */
void ormkinds_eval_call(ModCtx *mc, uint32_t fi, const IrCall *c, CallEval *ev);
/* Call c (model mdl of library lib) runs function literal cb as a managed
** transaction's callback: its client parameter's kind, SERIALIZABLE. */
void ormkinds_tx_callback(ModCtx *mc, const IrCall *c, const ApiCall *mdl, int lib, FnInfo *cb);
/* True when v (a string, a path's last member, or what a literal holds)
** names the SERIALIZABLE isolation level (`isolationLevel: 'Serializable'`,
** `Prisma.TransactionIsolationLevel.Serializable`, Go `sql.LevelSerializable`). */
bool ormkinds_names_serializable(const IrValue *v);
/* The models an object literal holds by key (`{ User: UserModel(sequelize,
** DataTypes), ...others }`, spread objects' members too): v is the literal,
** or a variable of function fi it was last assigned to. */
typedef void (*OrmkindsMemberFn)(void *ud, const char *key, VKind k);
void ormkinds_object_models(ModCtx *mc, uint32_t fi, const IrValue *v, OrmkindsMemberFn cb, void *ud);
/* A function that returns a model: into s (ret_kind, model_table,
** ret_model_param), or a model factory's link (ret_link_param). */
void ormkinds_summary(ModCtx *mc, uint32_t fi, FuncSummary *s);
/* The table value v names, as far as kinds tell (a string, a model, an
** entity class or table object by its name), or NULL; borrowed from the IR
** or the summaries. */
const char *ormkinds_table_of(ModCtx *mc, uint32_t fi, const IrValue *v);
/* The library's data section when value kind k is one of its data clients
** (a pool, tx, client, connection or module of a library with one). */
const OrmSpec *ormkinds_spec(const ModCtx *mc, VKind k);
/* The entry of role and method that applies to call c (its "when"
** condition and, for clients, its receiver kind). */
const OrmEntry *ormkinds_entry(const OrmSpec *spec, OrmRole role, uint8_t recv_kind, const IrCall *c,
                               const char *method);
/* The value reference r points at in call c (an argument, a member of an
** object literal argument), or NULL. */
const IrValue *ormkinds_ref(const IrCall *c, OrmArgRef r);
/* A type name as written, without pointers, slices, generics and package
** ("[]*models.User" → "User"), into buf; false when nothing is left. */
bool ormkinds_type_name(const char *type, char *buf, size_t n);

#endif
