/* schema_int: what the schema readers share (schema.c, schema_prisma.c);
** private to src/schema/. */
#ifndef TXLINT_SCHEMA_SCHEMA_INT_H
#define TXLINT_SCHEMA_SCHEMA_INT_H

#include "schema/schema.h"

/* The table of that name (as written; stored lower-cased), made when new;
** NULL past the table bound. */
SchemaTable *schema__table_at(Schema *self, const char *name, size_t len);
/* Adds a key of n columns (as written) unless t already has it; true when added. */
bool schema__add_key(Schema *self, SchemaTable *t, const char *const *cols, const size_t *lens, size_t n,
                     bool primary);
/* Records that the database generates column col's values. */
void schema__add_generated(Schema *self, SchemaTable *t, const char *col, size_t len);

#endif
