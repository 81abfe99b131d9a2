/* capi: what the engine needs to model APIs made of plain functions (the C
** libraries): which model a call by name without a receiver is, which
** argument its effect applies to, which variable an out-parameter result
** lands in, and what a status result says on each branch. All of it is read
** from the models (the "functions" entries of the C models in rules/c/) and the IR; nothing
** here asks which language a module is in. kinds.c and typestate.c call in
** through a few hooks; fncall.c and status.c implement them. */
#ifndef TXLINT_ENGINE_CAPI_H
#define TXLINT_ENGINE_CAPI_H

#include "engine/analysis.h"

/* Section - Function models (fncall.c) */

/* The model of c when it calls a modelled function by name (no receiver),
** with its library in *lib; NULL otherwise (borrowed from the spec). The
** library is the one whose header declares the function (the module's
** IR_IMPORT_LINKED import), else the one whose function prefix the name
** has; among entries of one name the first whose "when" holds is taken. */
const ApiCall *fncall_model(const ModCtx *mc, const IrCall *c, int *lib);
/* The value the call's effect applies to: the receiver for method models,
** the model's "arg" for function models (`&x` as the path x; an IR_V_NONE
** value when there is none). Borrowed from c, or allocated in arena. */
const IrValue *fncall_subject(Arena *arena, const IrCall *c, const ApiCall *model);
/* The variable an acquired object is held by: the call's first result, or
** for an out-parameter model the x of its `&x` argument (NULL when that
** argument is not an address and the model has no result fallback). */
const char *fncall_holder(const IrCall *c, const ApiCall *model);
/* A second variable that holds the acquired object: the result of an
** out-parameter model that returns the object too (`if (!mysql_init(&m))`
** tests m's handle), or NULL. */
const char *fncall_also_holder(const IrCall *c, const ApiCall *model);
/* What a linked import (a C function defined in another translation unit)
** resolves to through the project's published summaries, or a zero kind. */
VKind fncall_linked_import(const ModCtx *mc, const IrImport *imp);

/* Section - Status results (status.c) */

/* Marks resources acquired by calls whose model reports failure through a
** status (AF_STATUS): the status variable becomes their err_path (so writing
** it again makes it stale) and TsRes.status their model; names unnamed
** resources of function models after their kind ("the result"). Call after
** the resources exist and before the instruction facts. */
void status_facts(FnAnalysis *fa);
/* Refines st on a branch edge where leaf condition c has polarity pol: a
** status that says the call failed means nothing was acquired (or, for
** acquired_on_failure, that nothing was when it says success). Returns false
** when the edge is infeasible. */
bool status_refine(const FnAnalysis *fa, TsState *st, const IrCond *c, bool pol);
/* On edge side (0 true, 1 false) of block b's branch: when it tests the
** status of a BEGIN run in the block (the call's own status, or a status
** accessor such as PQresultStatus applied to its result) and the status says
** the BEGIN failed, no transaction was begun. */
void status_refine_begin(const FnAnalysis *fa, TsState *st, const IrBlock *blk, uint32_t b, int side);
/* On edge side of blk's branch: when it tests a connection's status accessor
** (libpq `PQstatus(conn) != CONNECTION_OK`, a model of effect "status" whose
** argument holds a connection) and the status says it failed, the connection
** never connected on that edge (TS_CONNECTED is cleared). */
void status_refine_connect(FnAnalysis *fa, TsState *st, const IrBlock *blk, int side);

#endif
