/* js_frontend: the JavaScript/TypeScript front end's entry point, called by
** frontend.c's dispatch. */
#ifndef TXLINT_FRONTEND_JS_JS_FRONTEND_H
#define TXLINT_FRONTEND_JS_JS_FRONTEND_H

#include <tree_sitter/api.h>

#include "base/filectx.h"
#include "ir/ir.h"

/* Lowers a parsed JS/TS tree into a module allocated in fx->arena (owned by
** the arena). Never fails: constructs it cannot lower become IR_OPAQUE. */
IrModule *js_lower_module(FileCtx *fx, TSNode root, IrLang lang);

#endif
