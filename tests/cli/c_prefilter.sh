#!/bin/bash
# The C prefilter and prototypes (issue 9): a plugin header declares the
# entry point every plugin defines (`void module_register(void);`, as
# collectd's plugin.h does). A prototype uses nothing, so the database
# plugin defining module_register does not make the header, nor every other
# plugin that includes it, worth parsing: a plugin for another platform is
# not parsed (its errors are no notifications). Nor is a file that calls a
# function of the same name as one of the database plugin's static ones
# (file-local: no other file can call it). A file that calls the database
# plugin's functions, or a macro whose body does, still is.
source "$(dirname "$0")/lib/common.bash" "$@"
cd "$WORK" || exit 1
mkdir -p tree/src
cat >tree/src/plugin.h <<'EOF2'
void module_register(void);
int plugin_register_read(const char *name, int (*cb)(void));
EOF2
cat >tree/src/db_macros.h <<'EOF2'
#define DB_QUERY_COUNT() db_query_count()
int db_query_count(void);
EOF2
cat >tree/src/db_plugin.c <<'EOF2'
#include <libpq-fe.h>
#include "plugin.h"
static PGconn *conn;
int db_query_count(void) {
  PGresult *res = PQexec(conn, "SELECT count(*) FROM t");
  if (PQresultStatus(res) != PGRES_TUPLES_OK) return -1;
  PQclear(res);
  return 0;
}
static int db_read(void) { return db_query_count(); }
static int callback(void *ud, int n) { return ud != 0 && n > 0; }
int run_with_callback(int (*f)(void *, int)) { return f(0, 1); }
void module_register(void) { plugin_register_read("db", db_read); }
EOF2
cat >tree/src/sensors_other_os.c <<'EOF2'
#include "plugin.h"
static mach_port_t port = MACH_PORT_NULL;
static int sensors_read(void) { return port_read(port); }
void module_register(void) { plugin_register_read("sensors", sensors_read); }
EOF2
cat >tree/src/timer_other_os.c <<'EOF2'
typedef int (*timer_cb)(void);
static timer_cb callback;
static mach_timebase_info_data_t timebase;
int timer_fire(void) { return callback(); }
EOF2
cat >tree/src/uses_macro.c <<'EOF2'
#include "db_macros.h"
int report(void) { return DB_QUERY_COUNT(); }
EOF2
cat >tree/src/calls_db.c <<'EOF2'
int db_query_count(void);
int summary(void) { return db_query_count(); }
EOF2
"$TXLINT" --no-config --format json -o out.json tree 2>/dev/null
json_get out.json 'd.notifications.map(n=>n.kind+" "+n.path+":"+n.line+" "+n.message).join("\n")' | sed 's/^/     | /'
check "the other platform's plugin is not parsed (no parse-error)" json_true out.json \
  '!d.notifications.some(n=>(n.path||"").endsWith("sensors_other_os.c"))'
check "a call of a name the database plugin defines static: not parsed" json_true out.json \
  '!d.notifications.some(n=>(n.path||"").endsWith("timer_other_os.c"))'
check "files parsed: the database plugin, the caller, the macro user" json_true out.json \
  'd.summary.files_parsed===3'
"$TXLINT" --no-config --format json --no-prefilter -o all.json tree 2>/dev/null
check "with --no-prefilter it is parsed and its errors reported" json_true all.json \
  'd.notifications.some(n=>n.kind==="parse-error"&&n.path==="tree/src/sensors_other_os.c")'
finish
