/* fuzz_sql: libFuzzer harness for the SQL classifier (sql/sql.h), which reads
** every string constant of every analysed file. The input is the statement
** text, not NUL-terminated: the classifier must stay inside len. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sql/sql.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* An exact-size heap copy, so ASan sees a read past the end. */
  char *text = malloc(size ? size : 1);
  if (size) memcpy(text, data, size);
  SqlInfo info;
  sql_classify(text, size, &info);
  if (info.kind > SQL_OTHER || info.n_tables > SQL_MAX_TABLES) abort();
  free(text);
  return 0;
}
