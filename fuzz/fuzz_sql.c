/* fuzz_sql: libFuzzer harness for the SQL classifier (sql/sql.h), which reads
** every string constant of every analysed file. The input is the statement
** text, not NUL-terminated: the classifier must stay inside len. The schema
** readers (sql_unique_keys through schema_read_sql, schema_read_prisma) and
** the column helpers read the same input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schema/schema.h"
#include "sql/sql.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* An exact-size heap copy, so ASan sees a read past the end. */
  char *text = malloc(size ? size : 1);
  if (size) memcpy(text, data, size);
  SqlInfo info;
  sql_classify(text, size, &info);
  if (info.kind > SQL_OTHER || info.n_tables > SQL_MAX_TABLES) abort();
  SqlName cols[8];
  if (sql_insert_columns(text, size, cols, 8) > 8 || sql_where_eq_columns(text, size, cols, 8) > 8) abort();
  Schema *schema = schema_new();
  schema_read_sql(schema, text, size);
  schema_read_prisma(schema, text, size);
  if (schema->n_tables > SCHEMA_MAX_TABLES) abort();
  schema_delete(schema);
  free(text);
  return 0;
}
