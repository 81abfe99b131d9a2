/*
** connection-security: TLS verification turned off, or database credentials leaking, in connection settings
**
** ## What it finds
**
** * **TLS verification off** (warning): a setting that makes a database
**   driver accept any server certificate, in the configuration a modelled
**   pool or client constructor receives — followed through variables,
**   field stores, spreads, conditionals, the module's own helper
**   functions and the configurations and helpers other modules (Go: other
**   packages) export: node-postgres and mysql2 `ssl: { rejectUnauthorized: false }`,
**   `?sslmode=no-verify` (pg-connection-string), Prisma's
**   `sslaccept=accept_invalid_certs`, go-sql-driver/mysql `?tls=skip-verify`
**   and `?tls=preferred`, Go `tls.Config{InsecureSkipVerify: true}` set as
**   pgx's `TLSConfig` or registered with `mysql.RegisterTLSConfig` (the
**   message names the connection whose DSN selects it, `?tls=custom`, when
**   the file has one). Reported
**   at the setting, with the constructor (or the registration) as the
**   related location; a setting another module exports is reported where
**   this module uses that export (`new Pool(config.primary)`,
**   `ssl: sslOptions()`), with the setting in its file as a further related
**   location. When the setting is the branch chosen for production
**   (`process.env.NODE_ENV === 'production' ? { rejectUnauthorized: false }
**   : false`, also through a variable: `const isProd = NODE_ENV ===
**   'production'`, Go `isProd := os.Getenv("APP_ENV") == "production"`), the
**   message says so. The configuration of a ClickHouse client
**   (`@posthog/clickhouse`: its options go to `https.request`) and of a
**   framework's database plugin (`fastify.register(fastifyPostgres, opts)`)
**   count as well.
** * **TLS verification off by default** (warning): a verification flag
**   computed from an environment variable that is off while the variable
**   is unset — `rejectUnauthorized: process.env.DB_VERIFY === 'true'`, Go
**   `InsecureSkipVerify: os.Getenv("DB_TLS_VERIFY") != "true"` — so that
**   verification only happens when the operator opts in.
** * **TLS optional** (note): libpq's `sslmode=disable`, `allow` or `prefer`
**   (lib/pq, pgx, libpq in C; pg-connection-string's `sslmode=disable`) in
**   a literal connection string that names a host other than this machine
**   (localhost, a loopback address, a Unix socket, or no host at all).
** * **Credentials in logs, errors and responses** (warning): a connection
**   string, DSN or configuration object that holds a password — what a
**   connect call connects with, a literal or format that writes a password
**   into a URL or conninfo (`fmt.Sprintf("postgres://%s:%s@%s/%s", …)`), an
**   object with a password member — reaching a log call (`console.*`,
**   pino, winston, bunyan, log4js, debug, NestJS `Logger`, Go `log`,
**   `slog`, `fmt.Print*`, logrus, zap, zerolog, `fprintf(stderr, …)`,
**   `syslog`), an error message (`new Error(…)`, `fmt.Errorf`,
**   `errors.New`) or an HTTP response (`res.send`, `res.json`,
**   `http.Error`, `fmt.Fprintf(w, …)`, gin's `c.JSON`), directly or through
**   assignments, templates and the calls that carry their arguments' text
**   (`fmt.Sprintf`, `JSON.stringify`, `url.String()`). Reported at the
**   sink; the related location is where the secret entered the value.
** * **Hard-coded passwords** (note): a password written as a literal in a
**   connection's configuration (`password: 'hunter2'`,
**   `postgres://app:secret@db/app`, `password=secret` in a conninfo,
**   `mysql_real_connect(…, "secret", …)`), outside tests, examples and
**   scripts.
**
** **Environment-controlled opt-outs.** A flag computed from the environment
** is judged by its value while the variable is unset: on by default, with
** an explicit value the operator has to set to turn verification off
** (`rejectUnauthorized: process.env.DB_INSECURE !== 'true'`, Go
** `InsecureSkipVerify: os.Getenv("DB_TLS_INSECURE") == "true"`), is not
** reported. A configuration written with verification off is reported
** whichever test chooses it, an environment variable's value included
** (`DB_SSLMODE === 'no-verify' ? { rejectUnauthorized: false } : …`, or
** `let verify = true; if (process.env.DB_INSECURE === 'true') verify =
** false;`): the code then holds an unverified configuration that the
** deployment can select, often the only TLS it offers. So the same opt-out
** is quiet as a computed flag (`process.env.DB_INSECURE !== 'true'`) and
** reported as a branch that stores the constant. A constant reached through a
** member's variable is that member's value (`rejectUnauthorized: ca ?
** false : undefined` is off exactly when a CA is configured); a helper's
** argument is not (`parseFlag(env, false)` need not be false).
**
** Credentials printed by scripts and command-line tools (a `scripts/`,
** `bin/`, `tools/` … directory, `places.h`) are not reported: their output
** goes to the person who runs them.
**
** ## Why it matters
**
** With verification off the driver still encrypts, but it accepts any
** certificate: anyone who can intercept the connection (a compromised
** router, a rogue container on the network, DNS spoofing) can present
** their own and read or change every query, result and the password
** itself. `sslmode=prefer` and `allow` fall back to clear text when the
** server — or an attacker — does not offer TLS. Seed report 002 calls
** `ssl: NODE_ENV === 'production' ? { rejectUnauthorized: false } : false`
** "production-ready": in production it is exactly the unverified case.
** A password in a log line or an error message goes wherever the logs go —
** log aggregators, error trackers, support tickets, the browser of whoever
** triggered the error — and a password in the source goes wherever the
** repository goes.
**
** ## Example
**
** ```ts
** export const pool = new Pool({
**   connectionString: process.env.DATABASE_URL,
**   ssl: process.env.NODE_ENV === 'production' ? { rejectUnauthorized: false } : false, // warn
** });
** ```
**
** Verify the server against its CA instead:
**
** ```ts
** ssl: { ca: fs.readFileSync('/etc/ssl/certs/rds-ca.pem', 'utf8'), rejectUnauthorized: true }
** ```
**
** ```go
** dsn := fmt.Sprintf("postgres://%s:%s@%s/%s", user, pass, host, name)
** db, err := sql.Open("pgx", dsn)
** if err != nil {
**     return fmt.Errorf("open %s: %w", dsn, err) // warn: the password is in the message
** }
** ```
**
** Log `u.Redacted()` of a `*url.URL`, the host and database name, or a
** copy with the password masked; take passwords from the environment or a
** secret store, and use `sslmode=verify-full` (or `tls=true` with a
** registered, verifying `tls.Config`).
**
** ## How it decides
**
** The engine's connection-security pass (`engine/secconf.c`, `secflow.c`,
** `sectext.c`) reads the models' catalogs (`rules/{js,go,c}/connection-security.json`:
** the settings, password and connection-string members, database URL
** schemes, local hosts, placeholders, production tests, carrier and
** redactor methods) and the `sink` / `carries` / `redacts` keys of the
** logging, error and response models. A connect call is a pool creation
** of the pool pass, or a model's create or acquire of a pool, client or
** connection that is not taken from an existing pool. The walk stops at
** parameters, and passes through the module's helper functions by their
** returned values. A struct or object member set to something other than
** a constant counts as set (`tls.Config{InsecureSkipVerify: true,
** VerifyPeerCertificate: verify}` checks the peer itself, as a later
** `t.VerifyConnection = f` does, or one stored from a call's result). Each
** JS/TS module publishes the TLS settings its exports carry — an exported
** object (an object literal also member by member), a function by what it
** returns — and each Go package those of its exported functions and
** package variables (and, for the other files of the same package, all its
** package-level functions and variables), so a configuration imported from
** a module analysed earlier is read like a local one; a module that
** imports a setting and exports it again passes on where it is written. A test of a variable that holds a comparison with a constant
** (the front ends keep such comparisons beside the IR) is read as that
** comparison, when the variable is assigned nothing else. The credentials' flow is per function and does not go
** through calls no model describes, so the project's own masking helper
** (`redact(url)`) ends it; so do `url.URL.Redacted()` and an object that
** overwrites its password member (`{ ...cfg, password: '***' }`). Only
** the password and connection-string members of a secret object count
** (`cfg.host` is not a secret). Go: a struct field (named by its
** struct's type, `config.DatabaseConfig.URL`) that some package of the
** program passes to a connect call's DSN — directly or as the argument of
** project functions whose parameters reach one, through any chain of them
** — is a secret in every package, and a sink given that field
** (`logger.Debugf("%s", c.Database.URL)`) is reported even where it is
** logged before any connection is made (the related location is where the
** field is given towards the connection). In C, what `PQconnectdb` is given is not
** taken to hold a password by itself (libpq reads it from `~/.pgpass` or
** `PGPASSWORD`, and a conninfo usually has none); one formatted with
** `password=` (`snprintf(buf, n, "… password=%s", pw)`) does. Passwords that are placeholders (`${…}`,
** `<password>`, `***`, a format verb) are not hard-coded.
**
** ## Known limitations
**
** * A configuration handed in as a parameter is not followed for its TLS
**   settings, nor one from a module on an import cycle (its settings are
**   published after the importer is analysed).
** * A `?tls=custom` DSN is linked to the `RegisterTLSConfig("custom", …)`
**   that defines it only within one file; otherwise the registration is
**   reported by itself. `mysql.Config{TLSConfig: "custom"}` is not read.
** * Credentials are followed within one function (and from the module's
**   own connect calls); a secret passed to a helper that logs it is missed.
** * A default decided by a helper of another module
**   (`rejectUnauthorized: parseEnvBoolean(process.env.X, false)`) is not
**   read: what the helper returns is not known here.
** * A Go struct field is a secret where it is logged only when it is
**   handed as it is (`cfg.Database.URL`) to a connect call's DSN or to a
**   project function whose parameter reaches one; a DSN first copied into
**   a variable (`dsn := cfg.URL; sql.Open("pgx", dsn)`), or given to a
**   method (`s.open(cfg.URL)`), does not make the field one. JS/TS
**   objects' members are not followed across modules this way.
** * A production test behind a getter or another module (`env.isProduction`)
**   is not read as one: the message then does not say "production".
** * `?tls=preferred` and `sslmode=prefer` say nothing about a server that
**   does offer TLS with a valid certificate; they are reported because a
**   downgrade cannot be told from the client.
**
** ## Data
**
** `rules/js/connection-security.json`, `rules/go/connection-security.json`
** and `rules/c/connection-security.json` (the `"catalog":
** "connection-security"` files): `tls_off` and `tls_weak` settings (a
** member or field with the boolean that turns verification off, or a
** connection-string parameter with its values), `tls_registrations`,
** `password_keys`, `connection_keys`, `schemes`, `local_hosts`,
** `placeholders`, `production` tests, carrier and redactor `methods`,
** `env_functions`, database `plugins` (the registering method, the
** plugin's module, the configuration argument), C `password_args`. On call entries of any model:
** `"sink": "log" | "error" | "response"` (or an object with `from` and a
** `when` on an argument's path or kind, or a list of them), `"carries":
** "result"` or an argument index, `"redacts": true` (docs/models.md).
**
** ## References
**
** Node.js `tls.connect`: "rejectUnauthorized: If not false, the server
** certificate is verified against the list of supplied CAs"
** (https://nodejs.org/api/tls.html#tlsconnectoptions-callback);
** PostgreSQL, "SSL Support", Table 34.1 (what each sslmode protects
** against) (https://www.postgresql.org/docs/current/libpq-ssl.html);
** Go crypto/tls: "If InsecureSkipVerify is true, crypto/tls accepts any
** certificate presented by the server … susceptible to machine-in-the-middle
** attacks" (https://pkg.go.dev/crypto/tls#Config); OWASP Logging Cheat
** Sheet: never log "database connection strings" or "passwords"
** (https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html).
*/
#include <string.h>

#include "rules/places.h"
#include "rules/rule.h"

static const RuleMessage messages[] = {
    {"tls-off", "%s turns certificate verification off for the connection %s opens: the traffic is encrypted "
                "but any certificate is accepted, so anyone on the network path can read and change it"},
    {"tls-off-production",
     "%s turns certificate verification off for the connection %s opens, on the branch chosen for production: "
     "there any certificate is accepted, so anyone on the network path can read and change the traffic"},
    {"tls-off-imported", "%s, in the configuration built in another file, turns certificate verification off for the "
                         "connection %s opens: the traffic is encrypted but any certificate is accepted, so anyone "
                         "on the network path can read and change it"},
    {"tls-off-imported-production",
     "%s, in the configuration built in another file, turns certificate verification off for the connection %s opens, on "
     "the branch chosen for production: there any certificate is accepted, so anyone on the network path can read "
     "and change the traffic"},
    {"tls-off-registered-used",
     "%s turns certificate verification off in the TLS configuration %s registers as \"%s\", which the "
     "connection %s opens selects: any certificate is accepted, so anyone on the network path can read and "
     "change its traffic"},
    {"tls-off-registered", "%s turns certificate verification off in the TLS configuration %s registers for "
                           "database connections: any certificate is accepted, so anyone on the network path can "
                           "read and change their traffic"},
    {"tls-off-default",
     "%s turns certificate verification off by default for the connection %s opens: while that variable is unset, "
     "any certificate is accepted, so anyone on the network path can read and change the traffic"},
    {"tls-off-default-imported",
     "%s, in the configuration built in another file, turns certificate verification off by default for the "
     "connection %s opens: while that variable is unset, any certificate is accepted, so anyone on the network path "
     "can read and change the traffic"},
    {"tls-weak", "%s lets the connection %s opens to a remote host fall back to clear text (and use TLS "
                 "without verifying the server); use sslmode=verify-full"},
    {"secret-sink", "%s writes %s, which holds a database password, to %s %s: redact the password first"},
    {"hardcoded", "%s holds a database password written in the source, for the connection %s opens: read it "
                  "from the environment or a secret store"},
    {NULL, NULL},
};

/* "an HTTP response", "an error message", "a log". */
static const char *article(const char *noun) {
  return noun && (strchr("aeiou", noun[0]) || strncmp(noun, "HTTP", 4) == 0) ? "an" : "a";
}

static void report_tls(RuleCtx *cx, const SecFact *f) {
  bool imported = f->setting_path != NULL;
  const char *id = f->kind == SEC_TLS_WEAK         ? "tls-weak"
                   : f->registered                 ? "tls-off-registered"
                   : f->by_default && imported     ? "tls-off-default-imported"
                   : f->by_default                 ? "tls-off-default"
                   : imported && f->production     ? "tls-off-imported-production"
                   : imported                      ? "tls-off-imported"
                   : f->production                 ? "tls-off-production"
                                                   : "tls-off";
  Finding *out = f->registered && f->used_what
                     ? rule_ctx_report(cx, "tls-off-registered-used", f->loc, f->setting, f->setting, f->what,
                                       f->tls_name, f->used_what)
                     : rule_ctx_report(cx, id, f->loc, f->setting, f->setting, f->what);
  if (!out) return;
  if (f->registered && f->used_what) rule_ctx_add_related(cx, out, f->used, f->used_what);
  if (f->kind == SEC_TLS_WEAK) out->level = LEVEL_NOTE;
  rule_ctx_add_related(cx, out, f->related, f->what);
  if (f->setting_path) rule_ctx_add_related_in(cx, out, f->setting_path, f->setting_loc, f->setting);
}

static void report_sink(RuleCtx *cx, const SecFact *f) {
  /* A script or CLI tool prints to the person who runs it. */
  const char *path = rule_ctx_module(cx)->path;
  if (path && place_is_script(path)) return;
  Finding *out = rule_ctx_report(cx, "secret-sink", f->loc, f->secret, f->what, f->secret, article(f->sink_noun),
                                 f->sink_noun);
  if (out) rule_ctx_add_related(cx, out, f->related, f->related_what);
}

static void report_hardcoded(RuleCtx *cx, const SecFact *f) {
  const char *path = rule_ctx_module(cx)->path;
  if (path && (place_is_test(path) || place_is_script(path))) return;
  Finding *out = rule_ctx_report(cx, "hardcoded", f->loc, f->setting, f->setting, f->what);
  if (!out) return;
  out->level = LEVEL_NOTE;
  rule_ctx_add_related(cx, out, f->related, f->what);
}

static void connection_security_end(RuleCtx *cx, const IrFunc *fn) {
  (void)fn;
  uint32_t n = rule_ctx_n_sec_facts(cx);
  for (uint32_t i = 0; i < n; i++) {
    const SecFact *f = rule_ctx_sec_fact(cx, i);
    switch (f->kind) {
    case SEC_TLS_OFF:
    case SEC_TLS_WEAK: report_tls(cx, f); break;
    case SEC_SECRET_SINK: report_sink(cx, f); break;
    case SEC_HARDCODED: report_hardcoded(cx, f); break;
    default: break;
    }
  }
}

/* Go: a field that another package connects with, logged where it is set. */
static void connection_security_project(ProjectCtx *cx) {
  const SecFieldLeak *leaks = NULL;
  uint32_t n = project_ctx_sec_field_leaks(cx, &leaks);
  for (uint32_t i = 0; i < n; i++) {
    const SecFieldLeak *l = &leaks[i];
    if (place_is_script(l->path)) continue;
    Finding *out = project_ctx_report(cx, "secret-sink", l->path, l->loc, l->function, l->secret, l->what, l->secret,
                                      article(l->sink_noun), l->sink_noun);
    if (out) project_ctx_add_related(cx, out, l->conn_path, l->conn_loc, "the field is connected with here");
  }
}

const Rule rule_connection_security = {
    .info =
        {
            .id = "connection-security",
            .name = "ConnectionSecurity",
            .summary = "TLS verification turned off, or database credentials leaking, in connection settings",
            RULE_DOCS(connection_security),
            .default_level = LEVEL_WARNING,
            .precision = "medium",
            .tags = (const char *const[]){"security", "database", NULL},
            .maturity = MATURITY_STABLE,
            .langs = LANGS_JS | LANGS_TS | LANGS_GO | LANGS_C,
        },
    .impl =
        {
            .messages = messages,
            .end_func = connection_security_end,
            .end_project = connection_security_project,
            .uses_sec = true,
        },
};
