/* go_frontend: the Go front end's entry point, called by frontend.c's
** dispatch. */
#ifndef TXLINT_FRONTEND_GO_GO_FRONTEND_H
#define TXLINT_FRONTEND_GO_GO_FRONTEND_H

#include <tree_sitter/api.h>

#include "base/filectx.h"
#include "ir/ir.h"

/* Lowers a parsed Go tree into a module allocated in fx->arena (owned by the
** arena). Never fails: constructs it cannot lower become IR_OPAQUE. */
IrModule *go_lower_module(FileCtx *fx, TSNode root);

#endif
