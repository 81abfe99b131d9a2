/* schemafiles: reads the schema files discovery found (SQL migrations and
** dumps, schema.prisma) into one project schema (schema.h) before the
** analysis. A file that cannot be read, is too large or says nothing the
** readers understand adds nothing and gives no notification: it is not a
** file the user asked to lint. */
#ifndef TXLINT_DRIVER_SCHEMAFILES_H
#define TXLINT_DRIVER_SCHEMAFILES_H

#include <stddef.h>

#include "schema/schema.h"

/* A new schema of the files' keys (caller owns: schema_delete), or NULL
** when no file declares one. */
Schema *schemafiles_load(const char *const *real_paths, size_t n);
/* Adds the keys the JS/TS and Go sources at real_paths declare through an ORM or
** schema builder (schema_read_source) to *schema, made when NULL and some
** file declares one. */
void schemafiles_add_sources(Schema **schema, const char *const *real_paths, size_t n);

#endif
