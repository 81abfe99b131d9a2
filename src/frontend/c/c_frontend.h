/* c_frontend: the C front end's entry points for frontend.c. It parses with
** libclang (the only txlint code that includes clang-c headers) and lowers
** the translation unit's function bodies into one IrModule. */
#ifndef TXLINT_FRONTEND_C_C_FRONTEND_H
#define TXLINT_FRONTEND_C_C_FRONTEND_H

#include "frontend/frontend.h"

/* A libclang CXIndex; one per worker thread (libclang indexes are not thread safe). */
typedef struct CIndexRef CIndexRef;

/* Returns a new index owned by the caller (c_index_delete), or NULL when
** libclang cannot be loaded (c_libclang.h). */
CIndexRef *c_index_new(void);
/* NULL-safe. */
void c_index_delete(CIndexRef *self);

/* Parses fx->src as the C file fx->path with flags (NULL: defaults) and
** lowers it into a module in fx->arena; see fe_lower_c_file. A NULL index
** (libclang not loaded) gives a parse-error note and NULL. */
IrModule *c_lower_file(CIndexRef *index, FileCtx *fx, const FeCFlags *flags);

#endif
