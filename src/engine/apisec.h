/* apisec: the model data the connection-security rule reads, loaded with
** the other API models (apispec.c calls in here; docs/models.md, "Connection
** security"). Two parts:
**   - keys on call entries: "sink" (the call writes its arguments to a log,
**     an error message or an HTTP response), "carries" (its result, or an
**     out-argument, holds the text of its arguments: fmt.Sprintf, snprintf),
**     "redacts" (its result is a copy with the password masked);
**   - a "connection-security" catalog per language: which configuration
**     settings turn TLS verification off, which members hold a password or a
**     connection string, which URL schemes are databases', which environment
**     test means "production", and the calls that register a TLS
**     configuration by name (mysql.RegisterTLSConfig).
** Everything lives in the spec's arena, for the process. */
#ifndef TXLINT_ENGINE_APISEC_H
#define TXLINT_ENGINE_APISEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/array.h"

typedef struct cJSON cJSON;
typedef struct ApiCall ApiCall;
typedef struct ApiSpec ApiSpec;

/* Where a sink writes what it is given. */
typedef enum ApiSinkKind {
  SINK_NONE,
  SINK_LOG,      /* a log line: console.*, a logger, Go log/slog/fmt.Print*, fprintf(stderr, …) */
  SINK_ERROR,    /* an error message: new Error(…), fmt.Errorf, errors.New */
  SINK_RESPONSE, /* an HTTP response body: res.send/json, http.Error, gin c.JSON */
} ApiSinkKind;

enum { APISINK_MAX_PATHS = 6 };

/* One way a call is a sink (a call entry may list several, tried in order:
** Go fmt.Fprintf is a log line on os.Stderr and a response on a
** ResponseWriter). */
typedef struct ApiSink {
  uint8_t kind;      /* ApiSinkKind */
  int8_t from;       /* the first argument that is written (fprintf's format is 1) */
  int8_t when_arg;   /* -1: always; else the sink applies only when argument when_arg … */
  uint8_t when_kind; /* … has this ApiKind (a response), or … */
  const char *when_paths[APISINK_MAX_PATHS]; /* … is one of these access paths (stderr, os.Stderr) */
  uint8_t n_when_paths;
} ApiSink;

/* The "sink", "carries" and "redacts" keys of a call entry. */
typedef struct ApiSecCall {
  const ApiSink *sinks; /* n_sinks, in the spec arena */
  uint8_t n_sinks;
  int8_t carries;       /* APISEC_CARRIES_NONE, _RESULT, or the argument it writes into (C sprintf: 0) */
  bool redacts;         /* the result is its input with the password masked (url.URL.Redacted) */
} ApiSecCall;

enum { APISEC_CARRIES_NONE = -2, APISEC_CARRIES_RESULT = -1 };

/* A setting that turns certificate verification off (or, weak, TLS itself:
** libpq's sslmode=disable). */
typedef struct ApiTlsSetting {
  const char *key;     /* an object member or struct field ("rejectUnauthorized"), or NULL */
  const char *param;   /* a connection-string parameter ("sslmode", "tls"), or NULL */
  bool bool_value;     /* key: the boolean constant that turns it off */
  const char **values; /* param: the values that do (lower-case) */
  uint32_t n_values;
  bool weak;           /* "tls_weak": TLS not required rather than unverified: a note, and only
                          in a literal connection string naming a host that is not local */
  const char *doc;
  const char **unless_set; /* "unless_set": fields whose store into the same configuration means
                              the program verifies the peer itself (Go VerifyConnection) */
  uint32_t n_unless_set;
} ApiTlsSetting;

/* A call that registers a TLS configuration under a name that connection
** strings then select (go-sql-driver/mysql: RegisterTLSConfig("custom", cfg)
** and `?tls=custom`). */
typedef struct ApiTlsRegistration {
  const char *module;   /* import path or specifier */
  const char *function;
  int name_arg, config_arg;
  const char *param;    /* the connection-string parameter that selects it by name */
} ApiTlsRegistration;

/* An environment test that means "this runs in production". */
typedef struct ApiEnvTest {
  const char *env;
  const char **values;
  uint32_t n_values;
} ApiEnvTest;

/* A C function argument that is a password (mysql_real_connect's passwd). */
typedef struct ApiPasswordArg {
  const char *function;
  int arg;
} ApiPasswordArg;

/* A method that, called on a value holding a secret, returns its text (carries)
** or a masked copy (redacts), whatever the receiver's type. */
typedef struct ApiSecMethod {
  const char *method;
  bool carries, redacts;
} ApiSecMethod;

/* A function whose result is the environment variable its argument names
** (Go os.Getenv, C getenv). */
typedef struct ApiEnvFunction {
  const char *module;   /* import path / header, or NULL (C: any) */
  const char *function;
  int arg;
} ApiEnvFunction;

/* The catalog of one language. */
/* "plugins": a call that registers a database plugin of a framework, the
** plugin being a module's import, with the pool's configuration
** (`app.register(fastifyPostgres, { connectionString, ssl })`). */
typedef struct ApiDbPlugin {
  const char *module; /* the plugin's specifier */
  const char *method; /* the registering method's name ("register") */
  int plugin_arg, config_arg;
} ApiDbPlugin;

typedef struct ApiSecurity {
  bool loaded;
  ARRAY(ApiTlsSetting) tls;
  ARRAY(ApiTlsRegistration) registrations;
  ARRAY(const char *) password_keys;   /* members / fields / conninfo keys that hold a password */
  ARRAY(const char *) connection_keys; /* members that hold a connection string */
  ARRAY(const char *) schemes;         /* URL schemes of databases ("postgres", "mysql") */
  ARRAY(ApiEnvTest) production;
  ARRAY(const char *) file_drivers;    /* Go sql.Open driver names whose DSN is a file (sqlite3) */
  ARRAY(const char *) local_hosts;     /* hosts on this machine ("localhost", "127.0.0.1") */
  ARRAY(const char *) placeholders;    /* text that marks a password as a placeholder ("${", "<") */
  ARRAY(ApiPasswordArg) password_args;
  ARRAY(ApiSecMethod) methods;
  ARRAY(ApiEnvFunction) env_functions;
  ARRAY(ApiDbPlugin) plugins;
} ApiSecurity;

typedef enum ApiSecLang { APISEC_JS, APISEC_GO, APISEC_C, APISEC_N_LANGS } ApiSecLang;

/* Reads the "sink", "carries" and "redacts" keys of call entry obj into
** *out (left empty when none is present). On error writes a message to err
** and returns false. */
bool apisec_load_call(Arena *a, const cJSON *obj, ApiSecCall *out, char *err, size_t err_len);
/* Loads a {"catalog": "connection-security"} file's contents into self's
** catalog for its language. On error writes a message to err, returns false
** and leaves the catalog as it was. */
bool apisec_load_catalog(ApiSpec *self, const cJSON *root, char *err, size_t err_len);
/* The catalog of language lang (empty when none was loaded; never NULL). */
const ApiSecurity *apisec_catalog(const ApiSpec *self, ApiSecLang lang);
/* The sink of call model c for a call whose argument i satisfies arg_ok(ud, i,
** sink) (its when condition), or NULL. */
const ApiSink *apisec_call_sink(const ApiCall *c, bool (*arg_ok)(void *ud, const ApiSink *s), void *ud);
/* True when s is one of the catalog's strings (case-sensitive). */
bool apisec_list_has(const char *const *items, uint32_t n, const char *s);
/* "log", "error message", "HTTP response". */
const char *apisec_sink_name(ApiSinkKind k);

#endif
