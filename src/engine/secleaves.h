/* secleaves: whether a module can carry a TLS setting at all, so that the
** export walk (secexport.c), which follows every function's returned values
** through the module's helpers, runs only where it can find something. */
#ifndef TXLINT_ENGINE_SECLEAVES_H
#define TXLINT_ENGINE_SECLEAVES_H

#include "engine/analysis.h"

/* False only when no value of Go module mc can become a TLS leaf the catalog
** checks (a boolean stored under a catalog key, a string naming a catalog
** parameter) and no package it imports, nor another file of its package,
** published settings: then secconf_value_settings finds nothing for any of
** its values. */
bool secleaves_go_module_may_carry(ModCtx *mc);

#endif
