/* secconf: the connection-security pass. After the kinds and pool passes of
** a module it reads, for each call that opens a database connection or
** pool (and each call that registers a TLS configuration by name), the
** values its arguments are built from — followed through variables, field
** stores, spreads, conditionals and the module's own helper functions — and
** records the settings that turn certificate verification (or TLS) off and
** the passwords written into them; and, per function, where a value holding
** a password (a connection string, DSN or configuration) reaches a log call,
** an error message or an HTTP response. The facts (checker.h: SecFact) are
** the connection-security rule's input. Catalog: apisec.h; the sinks,
** carriers and redactors are keys of the call models. */
#ifndef TXLINT_ENGINE_SECCONF_H
#define TXLINT_ENGINE_SECCONF_H

#include "engine/analysis.h"

/* The facts of one module, in the file arena (ModCtx.sec). */
typedef struct SecFacts {
  ARRAY(SecFact) items;
  ARRAY(uint32_t) func; /* parallel: the function each fact is reported in */
} SecFacts;

/* sectext.c: connection-string text */
/* The value of parameter name (`?name=v`, `&name=v`, libpq's `name=v`),
** lower-cased, in a; or NULL. */
const char *sectext_param(Arena *a, const char *text, const char *name);
/* The password a connection string holds (in a; may be a hole or a verb),
** or NULL when it names none. */
const char *sectext_password(Arena *a, const ApiSecurity *cat, const char *text);
/* 1 when text names a host that is not local, 0 a local one (or none: the
** Unix socket), -1 when it cannot be told (a hole, no host syntax). */
int sectext_remote_host(Arena *a, const ApiSecurity *cat, const char *text);
/* True when pw is empty, a hole, a format verb or a catalog placeholder. */
bool sectext_is_placeholder(const ApiSecurity *cat, const char *pw);

/* secflow.c: credentials reaching logs, errors and responses */
typedef struct SecRoots SecRoots;
/* What the module's connect calls connect with that every function sees:
** module variables and environment reads (file arena). */
SecRoots *secflow_module_roots(ModCtx *mc, const ApiSecurity *cat);
/* Adds function fi's SEC_SECRET_SINK facts to mc->sec. */
void secflow_func(ModCtx *mc, const ApiSecurity *cat, const SecRoots *roots, uint32_t fi);
/* The argument of connect call c that says where and as whom to connect (Go:
** the DSN), or NULL. */
const IrValue *secflow_connect_arg(ModCtx *mc, const ApiSecurity *cat, const IrCall *c);
/* The sink call c of function fi is (a log, error or response model), or NULL. */
const ApiSink *secflow_call_sink(ModCtx *mc, uint32_t fi, const IrCall *c);

/* secconf.c, for secflow.c */
/* True when call c of function fi opens a connection or makes a pool (or a
** client) from its arguments: pg `new Pool(cfg)`, `sql.Open`, PQconnectdb. */
bool secconf_is_connect(ModCtx *mc, uint32_t fi, const IrCall *c);
/* Appends fact f, reported in function fi, unless one of its kind is
** already at its location. */
void secconf_add(ModCtx *mc, uint32_t fi, const SecFact *f);

/* The environment variable value v of function fn reads: process.env.X, or
** a temporary holding os.Getenv("X") / getenv("X") (catalog env_functions). */
const char *secconf_env_read(const ApiSecurity *cat, const IrFunc *fn, const IrValue *v);

/* secdefault.c: a boolean computed from the environment */
typedef struct SecEnvDefault {
  const char *env;   /* the variable ("DB_VERIFY") */
  const char *value; /* the constant it is compared with ("true") */
  bool unset_value;  /* the comparison's value while the variable is unset */
} SecEnvDefault;
/* True when v (in function fi) is a stored comparison of an environment
** read with a string constant (`process.env.X === 'true'`,
** `os.Getenv("X") != "false"`; "" only in Go, where an unset variable
** reads as ""); *out says what it is while X is unset. */
bool secdefault_env_compare(ModCtx *mc, const ApiSecurity *cat, uint32_t fi, const IrValue *v, SecEnvDefault *out);

/* secfields.c: publishes mc's links (a parameter or field given to a connect
** call's DSN or to a project function) and its sinks given a field into out
** (Go only); the project phase joins them (secfields_leaks, engine_int.h). */
void secfields_collect(ModCtx *mc, ModuleSummary *out);

/* Computes mc's facts into mc->sec (after kinds and poolsites). */
void secconf_module_run(ModCtx *mc);
/* The TLS settings (SEC_TLS_OFF / SEC_TLS_WEAK facts, `related` unset) that
** value v of function fi is built from, for a configuration that no call of
** this module connects with (an export); with returns, v names a function
** whose returned values are walked. *out is in the file arena. */
uint32_t secconf_value_settings(ModCtx *mc, uint32_t fi, const IrValue *v, bool returns, SecFact **out);

/* secexport.c: the TLS settings a JS/TS module's exports carry, published in
** its ModuleSummary so that a module importing a configuration (or a
** function returning one) sees them. Heap, owned by the summary. */
typedef struct SecSetting {
  char *setting; /* "rejectUnauthorized: false" */
  SrcLoc loc;    /* in the exporting file (the setting itself, or where it was imported there) */
  char *path;    /* the file of loc */
  bool production, weak;
  bool by_default; /* SecFact.by_default */
} SecSetting;
typedef struct SecExport {
  char *name;    /* the export's name ("dbConfig", "default", "default.ssl") */
  SecSetting *items;
  uint32_t n;
  bool by_member; /* an object literal also published member by member ("default.ssl") */
} SecExport;
struct SecExports {
  SecExport *items;
  uint32_t n;
};
/* Publishes the settings of mc's exports into out->sec (JS/TS only). */
void secexport_publish(ModCtx *mc, ModuleSummary *out);
/* Go: adds the settings of mc's package-level functions and variables
** (exported or not) to its package's mc->pkg->sec, before the pass of any
** of the package's modules, so a walk in one file sees a helper or
** variable of another file of the package. */
void secexport_package_collect(ModCtx *mc);
/* The package-level function or variable name of another file of mc's
** package, or NULL. */
const SecExport *secexport_package_name(ModCtx *mc, const char *name);
/* The export that the import binding of path (`cfg.db.ssl`, `getSsl`)
** names in its module's published settings, or NULL. */
const SecExport *secexport_imported(ModCtx *mc, const IrImport *imp, const char *path);

#endif
